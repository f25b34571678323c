-- One step of a call, atomically, in the caller's shard: lockout check, replay check, per-call
-- tries, the caller's hourly failure and lookup budgets (and, for an unverified caller, the budgets
-- pooled per dialed number), and the call state with its step log.
-- The state is read with one HMGET and written with one HSET: Redis shares the gateway's cores.
-- KEYS: 1 call state (hash), 2 caller failures (zset), 3 caller lookups (zset), 4 caller lock,
--       5 active calls of the shard (zset); when pooled: 6 pooled failures, 7 pooled lookups, 8 pooled lock
-- ARGV[1]: cjson {start (creates the call, else continues it), callSid, now (unix ms), token ('' if none),
--   expectedStep ('' on start), attempt (the try at the step the request answers, from its signed URL;
--   0 = not checked), asks (the verdict the step asks for: verdicts.proceed | retry | finish),
--   countsAsFailure, spendsLookup, triesAllowed, nextStep ('' keeps the current one),
--   failureLimit, windowMs, lockoutMs, lookupLimit, stateTtlMs,
--   pooled, poolFailureLimit, poolLookupLimit, poolLockoutMs,
--   event (the step's call-log event), facts (call-state fields to set),
--   answers {proceed, retry, tooManyTries, locked, other: the TwiML the step answers each verdict with},
--   verdicts {proceed, retry, finish, tooManyTries, locked, unknownCall, outOfOrder},
--   outcomes {lockedOut, outOfOrder, tooManyTries}, ended (the step name of an ended call),
--   triesPrefix (tries at a step are counted in the field triesPrefix .. step), replyPrefix}
-- Returns cjson {verdict, triesUsed, newlyLocked, poolLocked, answer, replayed}. A request for a
-- (step, attempt) already answered gets the stored verdict and answer and changes nothing, with or
-- without Twilio's idempotency header; without an attempt (the first request), a request with the
-- previous one's idempotency token does.
local args = cjson.decode(ARGV[1])
local state, fails, looks, lock, active = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local now, token, expected, verdicts, outcomes = args.now, args.token, args.expectedStep, args.verdicts, args.outcomes
local triesField = args.triesPrefix .. expected
local attempt = args.attempt or 0
local replyField = args.replyPrefix .. expected .. ':' .. attempt

local current = redis.call('HMGET', state, 'step', 'token', 'verdict', 'triesUsed', 'steps', triesField, replyField)
local step, lastToken, lastVerdict, lastTries, steps, tries, stored = current[1], current[2], current[3], current[4], current[5], current[6], current[7]
local exists = step ~= false

local function reply(verdict, used, newlyLocked, poolLocked, answer, replayed)
  return cjson.encode({verdict = verdict, triesUsed = used, newlyLocked = newlyLocked, poolLocked = poolLocked,
    answer = answer, replayed = replayed})
end

if exists and not args.start and attempt > 0 and stored then
  local previous = cjson.decode(stored)
  return reply(previous.verdict, 0, false, false, previous.answer, true)
end
-- Twilio's idempotency header is not signed: with an attempt in the signed URL, the attempt decides, never the header.
if exists and attempt == 0 and token ~= '' and lastToken == token then
  return reply(lastVerdict, tonumber(lastTries or '0'), false, false)
end
if args.start then
  if exists then
    -- A retried first request without a token: answer as before.
    return reply(lastVerdict, 0, false, false)
  end
  redis.call('ZADD', active, now, args.callSid)
elseif not exists then
  return reply(verdicts.unknownCall, 0, false, false)
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
local function answer_for(verdict)
  local a = args.answers
  if not a then return nil end
  if verdict == verdicts.proceed then return a.proceed end
  if verdict == verdicts.retry then return a.retry end
  if verdict == verdicts.tooManyTries then return a.tooManyTries end
  if verdict == verdicts.locked then return a.locked end
  return a.other
end
local function finish(verdict, used, newlyLocked, outcome, poolLocked, keep)
  set('token', token)
  set('verdict', verdict)
  set('triesUsed', used)
  set('outcome', outcome)
  local answer = answer_for(verdict)
  -- The answer to this (step, attempt) is kept, so a replay hears it again and changes nothing.
  if keep and attempt > 0 and answer then
    set(replyField, cjson.encode({verdict = verdict, answer = answer}))
  end
  redis.call('HSET', state, unpack(updates))
  redis.call('PEXPIRE', state, args.stateTtlMs)
  return reply(verdict, used, newlyLocked, poolLocked or false, answer, false)
end
local event = args.event

-- A step the call is not at, or an attempt that is not the next one at it (an old or forged
-- request): refused before it can count anything.
if not args.start and (step ~= expected or (attempt > 0 and attempt ~= tonumber(tries or '0') + 1)) then
  event.outcome = outcomes.outOfOrder
  append(event)
  return finish(verdicts.outOfOrder, 0, false, outcomes.outOfOrder, false, false)
end

local function locked_out(newly, poolNewly)
  event.outcome = outcomes.lockedOut
  append(event)
  set('step', args.ended)
  return finish(verdicts.locked, 0, newly, outcomes.lockedOut, poolNewly, true)
end

if args.start then set_facts() end

-- The lock holds the instant it ends, on the gateway's clock; Redis expiry only collects it.
local pooled = args.pooled
local poolFails, poolLooks, poolLock = KEYS[6], KEYS[7], KEYS[8]
if tonumber(redis.call('GET', lock) or '0') > now then
  return locked_out(false, false)
end
if pooled and tonumber(redis.call('GET', poolLock) or '0') > now then
  return locked_out(false, false)
end

local windowStart = now - args.windowMs
-- One member per (call, step, attempt): a request counted once stays counted once.
local member
if attempt > 0 then
  member = args.callSid .. ':' .. expected .. ':' .. attempt
else
  member = (token ~= '' and token or tostring(now)) .. ':' .. args.callSid
end
local function spend(budget, limit, strictly)
  redis.call('ZADD', budget, now, member)
  redis.call('ZREMRANGEBYSCORE', budget, '-inf', windowStart)
  redis.call('PEXPIRE', budget, args.windowMs)
  local count = redis.call('ZCARD', budget)
  return (strictly and count > limit) or (not strictly and count >= limit)
end
local function spend_both(own, ownLimit, pool, poolLimit, strictly)
  local ownOver = spend(own, ownLimit, strictly)
  local poolOver = pooled and spend(pool, poolLimit, strictly)
  if ownOver then
    redis.call('SET', lock, now + args.lockoutMs, 'PX', args.lockoutMs)
  end
  if poolOver then
    redis.call('SET', poolLock, now + args.poolLockoutMs, 'PX', args.poolLockoutMs)
  end
  if ownOver or poolOver then
    return locked_out(ownOver, poolOver)
  end
  return nil
end
if args.spendsLookup then
  local out = spend_both(looks, args.lookupLimit, poolLooks, args.poolLookupLimit, true)
  if out then return out end
end
if args.countsAsFailure then
  local out = spend_both(fails, args.failureLimit, poolFails, args.poolFailureLimit, false)
  if out then return out end
end

if not args.start then set_facts() end
append(event)

if args.asks == verdicts.retry then
  local used = tonumber(tries or '0') + 1
  set(triesField, used)
  if used >= args.triesAllowed then
    set('step', args.ended)
    return finish(verdicts.tooManyTries, used, false, outcomes.tooManyTries, false, true)
  end
  return finish(verdicts.retry, used, false, event.outcome, false, true)
elseif args.asks == verdicts.finish then
  set('step', args.ended)
  return finish(verdicts.proceed, 0, false, event.outcome, false, true)
end
if args.nextStep ~= '' then
  set('step', args.nextStep)
end
return finish(verdicts.proceed, 0, false, event.outcome, false, true)
