-- Reads what an access code unlocks in one round trip: the code entry and, for a personal room,
-- the meeting that is current now (room_current in lib_room.lua: the one rule for it).
-- KEYS: 1 code entry, 2 room
-- ARGV[1]: cjson {now (unix ms), personal (the stored kind of a personal room)}
-- Returns cjson {found, entry (the code entry's fields), currentMeetingId, currentWaitForHost}
local args = cjson.decode(ARGV[1])
local flat = redis.call('HGETALL', KEYS[1])
if #flat == 0 then
  return cjson.encode({found = false})
end
local entry = {}
for i = 1, #flat, 2 do
  entry[flat[i]] = flat[i + 1]
end
local result = {found = true, entry = entry}
if entry.kind == args.personal then
  local id, window = room_current(KEYS[2], args.now)
  if id then
    result.currentMeetingId = id
    result.currentWaitForHost = window.waitForHost
  end
end
return cjson.encode(result)
