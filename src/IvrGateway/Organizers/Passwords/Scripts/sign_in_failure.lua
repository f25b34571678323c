-- Counts a wrong password against one account (or, for an address without an account, against that address, so
-- the answers are the same) and locks sign-in when the limit is reached, whichever client addresses the guesses came from.
-- KEYS: 1 recent failures (zset), 2 the lock (its end, unix ms)
-- ARGV[1]: cjson {now (unix ms), member (unique per attempt), failureLimit, windowMs, lockMs}
-- Returns cjson {lockedUntil (unix ms, 0 when not locked), lockedNow}
local args = cjson.decode(ARGV[1])
local failures, lock = KEYS[1], KEYS[2]
local now = args.now
-- The lock holds the instant it ends, on the gateway's clock; Redis expiry only collects it.
local current = tonumber(redis.call('GET', lock) or '0')
if current > now then
  return cjson.encode({lockedUntil = current, lockedNow = false})
end
redis.call('ZADD', failures, now, args.member)
redis.call('ZREMRANGEBYSCORE', failures, '-inf', now - args.windowMs)
redis.call('PEXPIRE', failures, args.windowMs)
if redis.call('ZCARD', failures) >= args.failureLimit then
  redis.call('SET', lock, now + args.lockMs, 'PX', args.lockMs)
  redis.call('DEL', failures)
  return cjson.encode({lockedUntil = now + args.lockMs, lockedNow = true})
end
return cjson.encode({lockedUntil = 0, lockedNow = false})
