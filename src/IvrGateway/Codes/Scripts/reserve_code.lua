-- Reserves an access code and writes what it unlocks, all or nothing.
-- The code entry key exists for as long as the code is live or quarantined, so EXISTS is the
-- uniqueness check: two concurrent reservations of one code cannot both pass it.
-- KEYS: 1 code entry, 2 meeting record (may be unused), 3 unique passcodes
-- ARGV: 1 expire-at ms for the code entry ('' = no expiry: a personal room)
--       2 meeting json ('' = none), 3 meeting expire-at ms
--       4 number of code-entry field/value pairs, then the pairs, then passcode field/value pairs
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
local n = tonumber(ARGV[4])
local fields = {}
for i = 5, 4 + 2 * n do
  fields[#fields + 1] = ARGV[i]
end
redis.call('HSET', KEYS[1], unpack(fields))
if ARGV[1] ~= '' then
  redis.call('PEXPIREAT', KEYS[1], ARGV[1])
end
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[2], 'json', ARGV[2], 'ver', 1)
  redis.call('PEXPIREAT', KEYS[2], ARGV[3])
end
local pcs = {}
for i = 5 + 2 * n, #ARGV do
  pcs[#pcs + 1] = ARGV[i]
end
if #pcs > 0 then
  redis.call('HSET', KEYS[3], unpack(pcs))
  if ARGV[1] ~= '' then
    redis.call('PEXPIREAT', KEYS[3], ARGV[1])
  end
end
return 1
