-- One step of a call, atomically, in the caller's shard: lockout check, idempotency, per-call
-- tries, the caller's hourly failure and lookup budgets, and the call state with its step log.
-- The state is read with one HMGET and written with one HSET: Redis shares the gateway's cores.
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
-- Returns {verdict, tries used at this step, 1 if this step locked the caller out}; verdicts:
-- proceed, retry, too-many, locked, unknown-call, out-of-order. A request with the same
-- idempotency token as the previous one gets the previous verdict and changes nothing.
local state, fails, looks, lock, active = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local op, now, token, expected, kind = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5]
local triesField = 'tries:' .. expected

local current = redis.call('HMGET', state, 'step', 'tok', 'verdict', 'triesUsed', 'steps', triesField)
local step, lastToken, lastVerdict, lastTries, steps, tries = current[1], current[2], current[3], current[4], current[5], current[6]
local exists = step ~= false

if exists and token ~= '' and lastToken == token then
  return {lastVerdict, tonumber(lastTries or '0'), 0}
end
if op == 'start' then
  if exists then
    -- A retried first request without a token: answer as before.
    return {lastVerdict, 0, 0}
  end
  redis.call('ZADD', active, now, string.match(state, ':call:(.*)$'))
elseif not exists then
  return {'unknown-call', 0, 0}
end

-- Everything the step changes, written at the end in one HSET.
local updates = {}
local function set(field, value)
  updates[#updates + 1] = field
  updates[#updates + 1] = value
end
local function append(event)
  if not steps or steps == '' or steps == '[]' then
    steps = '[' .. event .. ']'
  else
    steps = string.sub(steps, 1, -2) .. ',' .. event .. ']'
  end
  set('steps', steps)
end
local function finish(verdict, used, newlyLocked, outcome)
  set('tok', token)
  set('verdict', verdict)
  set('triesUsed', used)
  set('outcome', outcome)
  redis.call('HSET', state, unpack(updates))
  redis.call('PEXPIRE', state, ARGV[14])
  return {verdict, used, newlyLocked or 0}
end
local eventOutcome = string.match(ARGV[15], '"outcome":"([^"]*)"')

if op == 'step' and step ~= expected then
  append((string.gsub(ARGV[15], '"outcome":"[^"]*"', '"outcome":"out-of-order"', 1)))
  return finish('out-of-order', 0, 0, 'out-of-order')
end

local function locked_out(newly)
  append((string.gsub(ARGV[15], '"outcome":"[^"]*"', '"outcome":"' .. ARGV[16] .. '"', 1)))
  set('step', 'end')
  return finish('locked', 0, newly, ARGV[16])
end

if op == 'start' then
  for i = 17, #ARGV, 2 do set(ARGV[i], ARGV[i + 1]) end
end

-- The lock holds the instant it ends, on the gateway's clock; Redis expiry only collects it.
if tonumber(redis.call('GET', lock) or '0') > now then
  return locked_out(0)
end

local windowStart = now - tonumber(ARGV[11])
local member = (token ~= '' and token or tostring(now)) .. ':' .. string.match(state, ':call:(.*)$')
local function spend(budget, limit, strictly)
  redis.call('ZADD', budget, now, member)
  redis.call('ZREMRANGEBYSCORE', budget, '-inf', windowStart)
  redis.call('PEXPIRE', budget, ARGV[11])
  local count = redis.call('ZCARD', budget)
  return (strictly and count > limit) or (not strictly and count >= limit)
end
if ARGV[7] == '1' and spend(looks, tonumber(ARGV[13]), true) then
  redis.call('SET', lock, now + tonumber(ARGV[12]), 'PX', ARGV[12])
  return locked_out(1)
end
if ARGV[6] == '1' and spend(fails, tonumber(ARGV[10]), false) then
  redis.call('SET', lock, now + tonumber(ARGV[12]), 'PX', ARGV[12])
  return locked_out(1)
end

if op == 'step' then
  for i = 17, #ARGV, 2 do set(ARGV[i], ARGV[i + 1]) end
end
append(ARGV[15])

if kind == 'retry' then
  local used = tonumber(tries or '0') + 1
  set(triesField, used)
  if used >= tonumber(ARGV[8]) then
    set('step', 'end')
    return finish('too-many', used, 0, 'too-many-tries')
  end
  return finish('retry', used, 0, eventOutcome)
elseif kind == 'end' then
  set('step', 'end')
  return finish('proceed', 0, 0, eventOutcome)
end
if ARGV[9] ~= '' then
  set('step', ARGV[9])
end
return finish('proceed', 0, 0, eventOutcome)
