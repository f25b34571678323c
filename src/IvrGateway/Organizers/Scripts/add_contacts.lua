-- Adds contacts to an address book in order while it has room, so a full book is never overfilled by
-- two writers at once: each contact is written whole or not at all.
-- KEYS: 1 the address book (hash: contact id -> JSON)
-- ARGV[1]: cjson {max, contacts: [{id, json}]}
-- Returns cjson {added}: how many of the first contacts were written (the rest did not fit)
local args = cjson.decode(ARGV[1])
local count = redis.call('HLEN', KEYS[1])
local added = 0
for _, contact in ipairs(args.contacts) do
  if count >= args.max then
    break
  end
  if redis.call('HSETNX', KEYS[1], contact.id, contact.json) == 1 then
    count = count + 1
  end
  added = added + 1
end
return cjson.encode({added = added})
