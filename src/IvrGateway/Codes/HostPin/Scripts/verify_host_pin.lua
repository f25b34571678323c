-- Checks a host PIN in the organizer's host-PIN slot and counts a wrong one against the organizer,
-- whatever number called and whichever code led there: guessing from many numbers draws on one budget.
-- KEYS: 1 the PIN's keyed hash (string), 2 recent failures (zset), 3 the lock (its end, unix ms)
-- ARGV[1]: cjson {now (unix ms), pinHash, member (callSid:step:attempt: a replayed request counts once),
--   failureLimit, windowMs, lockMs, verdicts {accepted, wrong, wrongLocked, locked, refused}}
-- Returns cjson {verdict}
local args = cjson.decode(ARGV[1])
local pin, failures, lock = KEYS[1], KEYS[2], KEYS[3]
local now, verdicts = args.now, args.verdicts
local stored = redis.call('GET', pin)
if not stored then
  -- No PIN: the organizer is disabled (or never existed).
  return cjson.encode({verdict = verdicts.refused})
end
-- The lock holds the instant it ends, on the gateway's clock; Redis expiry only collects it.
if tonumber(redis.call('GET', lock) or '0') > now then
  return cjson.encode({verdict = verdicts.locked})
end
if stored == args.pinHash then
  return cjson.encode({verdict = verdicts.accepted})
end
redis.call('ZADD', failures, now, args.member)
redis.call('ZREMRANGEBYSCORE', failures, '-inf', now - args.windowMs)
redis.call('PEXPIRE', failures, args.windowMs)
if redis.call('ZCARD', failures) >= args.failureLimit then
  redis.call('SET', lock, now + args.lockMs, 'PX', args.lockMs)
  redis.call('DEL', failures)
  return cjson.encode({verdict = verdicts.wrongLocked})
end
return cjson.encode({verdict = verdicts.wrong})
