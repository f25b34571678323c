-- One step of a call, atomically, in the caller's shard: lockout check, idempotency, per-call
-- tries, the caller's hourly failure and lookup budgets, and the call state with its step log.
-- KEYS: 1 call state (hash), 2 caller failures (zset), 3 caller lookups (zset), 4 caller lock,
--       5 active calls of the shard (zset)
-- ARGV: 1 op: 'start' creates the call, 'step' continues it
--       2 now (unix ms), 3 idempotency token ('' if none), 4 expected step ('' on start)
--       5 outcome kind: 'proceed' | 'retry' | 'end'
--       6 counts as a failed guess (0/1), 7 spends a lookup (0/1), 8 tries allowed at this step
--       9 the step to expect next on 'proceed' ('' keeps the current one)
--       10 failure limit, 11 budget window ms, 12 lockout ms, 13 lookup limit, 14 state ttl ms
--       15 the step's event (json), 16 the same event's outcome when a lockout overrides it
--       17.. call-state field/value pairs to set
-- Returns {verdict, tries used at this step, 1 if this step locked the caller out}; verdicts: proceed, retry, too-many, locked,
-- unknown-call, out-of-order. A request with the same idempotency token as the previous one
-- gets the previous verdict and changes nothing.
local state, fails, looks, lock, active = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local op, now, token, expected, kind = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5]
local ttl = tonumber(ARGV[14])

local exists = redis.call('EXISTS', state) == 1
if exists and token ~= '' and redis.call('HGET', state, 'tok') == token then
  return {redis.call('HGET', state, 'verdict'), tonumber(redis.call('HGET', state, 'triesUsed') or '0')}
end
if op == 'start' then
  if exists then
    -- A retried first request without a token: answer as before.
    return {redis.call('HGET', state, 'verdict'), 0}
  end
  redis.call('ZADD', active, now, string.match(state, ':call:(.*)$'))
elseif not exists then
  return {'unknown-call', 0}
end

local function append(event)
  local steps = redis.call('HGET', state, 'steps')
  if not steps or steps == '' or steps == '[]' then
    steps = '[' .. event .. ']'
  else
    steps = string.sub(steps, 1, -2) .. ',' .. event .. ']'
  end
  redis.call('HSET', state, 'steps', steps)
end

local function finish(verdict, tries, newlyLocked)
  -- The call's outcome so far: the last step's, or what the verdict made of it.
  local outcome = string.match(ARGV[15], '"outcome":"([^"]*)"')
  if verdict == 'too-many' then outcome = 'too-many-tries'
  elseif verdict == 'locked' then outcome = ARGV[16]
  elseif verdict == 'out-of-order' then outcome = 'out-of-order' end
  redis.call('HSET', state, 'tok', token, 'verdict', verdict, 'triesUsed', tries, 'outcome', outcome)
  redis.call('PEXPIRE', state, ttl)
  return {verdict, tries, newlyLocked or 0}
end

if op == 'step' and redis.call('HGET', state, 'step') ~= expected then
  append(string.gsub(ARGV[15], '"outcome":"[^"]*"', '"outcome":"out-of-order"', 1))
  return finish('out-of-order', 0)
end

local function locked_out(newly)
  local event = string.gsub(ARGV[15], '"outcome":"[^"]*"', '"outcome":"' .. ARGV[16] .. '"', 1)
  append(event)
  redis.call('HSET', state, 'step', 'end')
  return finish('locked', 0, newly)
end

-- The lock holds the instant it ends, on the gateway's clock; Redis expiry only collects it.
local lockedUntil = tonumber(redis.call('GET', lock) or '0')
if lockedUntil > now then
  if op == 'start' then
    for i = 17, #ARGV, 2 do redis.call('HSET', state, ARGV[i], ARGV[i + 1]) end
  end
  return locked_out()
end

local windowStart = now - tonumber(ARGV[11])
local member = (token ~= '' and token or tostring(now)) .. ':' .. string.match(state, ':call:(.*)$')
if ARGV[7] == '1' then
  redis.call('ZADD', looks, now, member)
  redis.call('ZREMRANGEBYSCORE', looks, '-inf', windowStart)
  redis.call('PEXPIRE', looks, ARGV[11])
  if redis.call('ZCARD', looks) > tonumber(ARGV[13]) then
    redis.call('SET', lock, now + tonumber(ARGV[12]), 'PX', ARGV[12])
    return locked_out(1)
  end
end
if ARGV[6] == '1' then
  redis.call('ZADD', fails, now, member)
  redis.call('ZREMRANGEBYSCORE', fails, '-inf', windowStart)
  redis.call('PEXPIRE', fails, ARGV[11])
  if redis.call('ZCARD', fails) >= tonumber(ARGV[10]) then
    redis.call('SET', lock, now + tonumber(ARGV[12]), 'PX', ARGV[12])
    return locked_out(1)
  end
end

for i = 17, #ARGV, 2 do
  redis.call('HSET', state, ARGV[i], ARGV[i + 1])
end
append(ARGV[15])

if kind == 'retry' then
  local tries = redis.call('HINCRBY', state, 'tries:' .. expected, 1)
  if tries >= tonumber(ARGV[8]) then
    redis.call('HSET', state, 'step', 'end')
    return finish('too-many', tries)
  end
  return finish('retry', tries)
elseif kind == 'end' then
  redis.call('HSET', state, 'step', 'end')
  return finish('proceed', 0)
end
if ARGV[9] ~= '' then
  redis.call('HSET', state, 'step', ARGV[9])
end
return finish('proceed', 0)
