-- Reschedules or cancels a meeting with a one-time code: the record and the code entry's window
-- change together, so a caller never sees the new record with the old window or the reverse.
-- KEYS: 1 code entry, 2 meeting record, 3 unique passcodes
-- ARGV: 1 expected record version, 2 meeting json, 3 expire-at ms for everything
--       (the end of the quarantine), then code-entry field/value pairs
-- Returns 1 done, 0 version conflict, -2 meeting missing
local ver = redis.call('HGET', KEYS[2], 'ver')
if not ver then
  return -2
end
if ver ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[2], 'json', ARGV[2], 'ver', tonumber(ver) + 1)
local fields = {}
for i = 4, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
if #fields > 0 then
  redis.call('HSET', KEYS[1], unpack(fields))
end
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
redis.call('PEXPIREAT', KEYS[2], ARGV[3])
redis.call('PEXPIREAT', KEYS[3], ARGV[3])
return 1
