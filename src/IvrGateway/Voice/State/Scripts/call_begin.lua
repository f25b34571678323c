-- Before a step lets anyone in (passcode, host PIN, guest): is this request the call's next one?
-- Read only, in the caller's shard. A replay of a (step, attempt) already answered gets the stored
-- answer, so admission never runs twice for one try; a locked-out caller, an unknown call, a step
-- the call is not at or an attempt that is not the next one are refused before admission can count
-- anything against the meeting or the organizer.
-- KEYS: 1 call state (hash), 2 caller lock; when pooled: 3 pooled lock
-- ARGV[1]: cjson {now (unix ms), expectedStep, attempt, pooled, triesPrefix, replyPrefix,
--   verdicts {proceed (a fresh attempt: go on), locked, unknownCall, outOfOrder}}
-- Returns cjson {verdict, answer, replayed}
local args = cjson.decode(ARGV[1])
local state, lock, poolLock = KEYS[1], KEYS[2], KEYS[3]
local verdicts, now = args.verdicts, args.now
local current = redis.call('HMGET', state, 'step', args.triesPrefix .. args.expectedStep,
  args.replyPrefix .. args.expectedStep .. ':' .. args.attempt)
local step, tries, stored = current[1], current[2], current[3]
if not step then
  return cjson.encode({verdict = verdicts.unknownCall, replayed = false})
end
if stored then
  local previous = cjson.decode(stored)
  return cjson.encode({verdict = previous.verdict, answer = previous.answer, replayed = true})
end
if step ~= args.expectedStep or args.attempt ~= tonumber(tries or '0') + 1 then
  return cjson.encode({verdict = verdicts.outOfOrder, replayed = false})
end
-- The lock holds the instant it ends, on the gateway's clock; Redis expiry only collects it.
if tonumber(redis.call('GET', lock) or '0') > now or (args.pooled and tonumber(redis.call('GET', poolLock) or '0') > now) then
  return cjson.encode({verdict = verdicts.locked, replayed = false})
end
return cjson.encode({verdict = verdicts.proceed, replayed = false})
