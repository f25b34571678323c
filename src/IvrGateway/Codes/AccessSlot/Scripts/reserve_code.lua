-- Reserves an access code and writes what it unlocks, all or nothing.
-- The code entry key exists for as long as the code is live or quarantined, so EXISTS is the
-- uniqueness check: two concurrent reservations of one code cannot both pass it.
-- KEYS: 1 code entry, 2 meeting record (unused without a meeting), 3 unique passcodes
-- ARGV[1]: cjson {entry (field -> string), expireAtMs (absent: a personal room, no expiry),
--                 meeting (absent: none; else {json, expireAtMs}), passcodes (hash -> cjson value)}
-- Returns cjson {reserved}
local args = cjson.decode(ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 1 then
  return cjson.encode({reserved = false})
end
hset_object(KEYS[1], args.entry)
if args.expireAtMs then
  redis.call('PEXPIREAT', KEYS[1], args.expireAtMs)
end
if args.meeting then
  redis.call('HSET', KEYS[2], 'json', args.meeting.json, 'version', 1)
  redis.call('PEXPIREAT', KEYS[2], args.meeting.expireAtMs)
end
if args.passcodes and hset_object(KEYS[3], args.passcodes) > 0 and args.expireAtMs then
  redis.call('PEXPIREAT', KEYS[3], args.expireAtMs)
end
return cjson.encode({reserved = true})
