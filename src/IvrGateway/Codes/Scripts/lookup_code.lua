-- Reads what an access code unlocks in one round trip: the code entry and, for a personal
-- room, its meetings (small: pruned to recent ones on every write).
-- KEYS: 1 code entry, 2 room
local entry = redis.call('HGETALL', KEYS[1])
if #entry == 0 then
  return {}
end
if redis.call('HGET', KEYS[1], 'kind') == 'personal' then
  return {entry, redis.call('HGETALL', KEYS[2])}
end
return {entry, {}}
