-- Uses up the organizer's password link when the digest is the link in force and it has not expired, and unlocks
-- sign-in in the same step: whoever can read the organizer's mail may end a lockout.
-- KEYS: 1 the link (JSON {digest, tokenProtected, expiresAt}), 2 sign-in failures (zset), 3 the sign-in lock
-- ARGV[1]: cjson {digest, now (unix ms)}
-- Returns cjson {used}
local args = cjson.decode(ARGV[1])
local stored = redis.call('GET', KEYS[1])
if not stored then
  return cjson.encode({used = false})
end
local link = cjson.decode(stored)
-- A wrong digest leaves the link in force: a guess cannot cancel the organizer's link.
if link.digest ~= args.digest or tonumber(link.expiresAt) <= args.now then
  return cjson.encode({used = false})
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
return cjson.encode({used = true})
