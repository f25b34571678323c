-- Reads what an access code unlocks in one round trip: the code entry and, for a personal
-- room, its meetings (small: pruned to recent ones on every write).
-- KEYS: 1 code entry, 2 room
local entry = redis.call('HGETALL', KEYS[1])
if #entry == 0 then
  return {}
end
-- The kind is in the entry already read: no second command for it.
for i = 1, #entry, 2 do
  if entry[i] == 'kind' and entry[i + 1] == 'personal' then
    return {entry, redis.call('HGETALL', KEYS[2])}
  end
end
return {entry, {}}
