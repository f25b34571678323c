-- One step of a call, atomically, in the caller's shard: lockout check, idempotency, per-call
-- tries, the caller's hourly failure and lookup budgets, and the call state with its step log.
-- The state is read with one HMGET and written with one HSET: Redis shares the gateway's cores.
-- KEYS: 1 call state (hash), 2 caller failures (zset), 3 caller lookups (zset), 4 caller lock,
--       5 active calls of the shard (zset)
-- ARGV[1]: cjson {start (creates the call, else continues it), callSid, now (unix ms), token ('' if none),
--   expectedStep ('' on start), asks (the verdict the step asks for: verdicts.proceed | retry | finish),
--   countsAsFailure, spendsLookup, triesAllowed, nextStep ('' keeps the current one),
--   failureLimit, windowMs, lockoutMs, lookupLimit, stateTtlMs,
--   event (the step's call-log event), facts (call-state fields to set),
--   verdicts {proceed, retry, finish, tooManyTries, locked, unknownCall, outOfOrder},
--   outcomes {lockedOut, outOfOrder, tooManyTries}, ended (the step name of an ended call),
--   triesPrefix (tries at a step are counted in the field triesPrefix .. step)}
-- Returns cjson {verdict, triesUsed, newlyLocked}. A request with the same idempotency token as the
-- previous one gets the previous verdict and changes nothing.
local args = cjson.decode(ARGV[1])
local state, fails, looks, lock, active = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local now, token, expected, verdicts, outcomes = args.now, args.token, args.expectedStep, args.verdicts, args.outcomes
local triesField = args.triesPrefix .. expected

local current = redis.call('HMGET', state, 'step', 'token', 'verdict', 'triesUsed', 'steps', triesField)
local step, lastToken, lastVerdict, lastTries, steps, tries = current[1], current[2], current[3], current[4], current[5], current[6]
local exists = step ~= false

local function reply(verdict, used, newlyLocked)
  return cjson.encode({verdict = verdict, triesUsed = used, newlyLocked = newlyLocked})
end

if exists and token ~= '' and lastToken == token then
  return reply(lastVerdict, tonumber(lastTries or '0'), false)
end
if args.start then
  if exists then
    -- A retried first request without a token: answer as before.
    return reply(lastVerdict, 0, false)
  end
  redis.call('ZADD', active, now, args.callSid)
elseif not exists then
  return reply(verdicts.unknownCall, 0, false)
end

-- Everything the step changes, written at the end in one HSET.
local updates = {}
local function set(field, value)
  updates[#updates + 1] = field
  updates[#updates + 1] = value
end
local function set_facts()
  for name, value in pairs(args.facts or {}) do set(name, value) end
end
-- The log is a JSON array kept as text, so appending never decodes the steps before it.
local function append(event)
  local encoded = cjson.encode(event)
  if not steps or steps == '' or steps == '[]' then
    steps = '[' .. encoded .. ']'
  else
    steps = string.sub(steps, 1, -2) .. ',' .. encoded .. ']'
  end
  set('steps', steps)
end
local function finish(verdict, used, newlyLocked, outcome)
  set('token', token)
  set('verdict', verdict)
  set('triesUsed', used)
  set('outcome', outcome)
  redis.call('HSET', state, unpack(updates))
  redis.call('PEXPIRE', state, args.stateTtlMs)
  return reply(verdict, used, newlyLocked)
end
local event = args.event

if not args.start and step ~= expected then
  event.outcome = outcomes.outOfOrder
  append(event)
  return finish(verdicts.outOfOrder, 0, false, outcomes.outOfOrder)
end

local function locked_out(newly)
  event.outcome = outcomes.lockedOut
  append(event)
  set('step', args.ended)
  return finish(verdicts.locked, 0, newly, outcomes.lockedOut)
end

if args.start then set_facts() end

-- The lock holds the instant it ends, on the gateway's clock; Redis expiry only collects it.
if tonumber(redis.call('GET', lock) or '0') > now then
  return locked_out(false)
end

local windowStart = now - args.windowMs
local member = (token ~= '' and token or tostring(now)) .. ':' .. args.callSid
local function spend(budget, limit, strictly)
  redis.call('ZADD', budget, now, member)
  redis.call('ZREMRANGEBYSCORE', budget, '-inf', windowStart)
  redis.call('PEXPIRE', budget, args.windowMs)
  local count = redis.call('ZCARD', budget)
  return (strictly and count > limit) or (not strictly and count >= limit)
end
if args.spendsLookup and spend(looks, args.lookupLimit, true) then
  redis.call('SET', lock, now + args.lockoutMs, 'PX', args.lockoutMs)
  return locked_out(true)
end
if args.countsAsFailure and spend(fails, args.failureLimit, false) then
  redis.call('SET', lock, now + args.lockoutMs, 'PX', args.lockoutMs)
  return locked_out(true)
end

if not args.start then set_facts() end
append(event)

if args.asks == verdicts.retry then
  local used = tonumber(tries or '0') + 1
  set(triesField, used)
  if used >= args.triesAllowed then
    set('step', args.ended)
    return finish(verdicts.tooManyTries, used, false, outcomes.tooManyTries)
  end
  return finish(verdicts.retry, used, false, event.outcome)
elseif args.asks == verdicts.finish then
  set('step', args.ended)
  return finish(verdicts.proceed, 0, false, event.outcome)
end
if args.nextStep ~= '' then
  set('step', args.nextStep)
end
return finish(verdicts.proceed, 0, false, event.outcome)
