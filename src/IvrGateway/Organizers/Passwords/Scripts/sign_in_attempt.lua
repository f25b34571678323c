-- Takes one password check for an account (or, for an address without an account, for that address, so the answers
-- are the same) before the password is looked at, whichever client addresses the guesses come from: guesses sent all
-- at once cannot outrun the limit, as they could when wrong ones were counted after the check. Refused while the lock
-- holds; the check that reaches the limit sets the lock and is still made (a right password then forgets both keys).
-- KEYS: 1 recent checks (zset), 2 the lock (its end, unix ms)
-- ARGV[1]: cjson {now (unix ms), member (unique per attempt), attemptLimit, windowMs, lockMs}
-- Returns cjson {admitted, lockedUntil (unix ms, 0 when no lock)}
local args = cjson.decode(ARGV[1])
local attempts, lock = KEYS[1], KEYS[2]
local now = args.now
-- The lock holds the instant it ends, on the gateway's clock; Redis expiry only collects it.
local current = tonumber(redis.call('GET', lock) or '0')
if current > now then
  return cjson.encode({admitted = false, lockedUntil = current})
end
redis.call('ZADD', attempts, now, args.member)
redis.call('ZREMRANGEBYSCORE', attempts, '-inf', now - args.windowMs)
redis.call('PEXPIRE', attempts, args.windowMs)
if redis.call('ZCARD', attempts) >= args.attemptLimit then
  redis.call('SET', lock, now + args.lockMs, 'PX', args.lockMs)
  redis.call('DEL', attempts)
  return cjson.encode({admitted = true, lockedUntil = now + args.lockMs})
end
return cjson.encode({admitted = true, lockedUntil = 0})
