-- Writes a meeting held in an organizer's personal room: the meeting record, its window in the
-- room, and its unique passcodes; prunes meetings that ended long ago with their passcodes.
-- KEYS: 1 code entry, 2 meeting record, 3 room, 4 unique passcodes
-- ARGV: 1 meeting id, 2 expected record version ('0' = create), 3 meeting json,
--       4 meeting expire-at ms, 5 room value ('' = remove the meeting from the room),
--       6 prune meetings whose window ended before this unix ms,
--       then passcode field/value pairs to add
-- Returns 1 done, 0 version conflict, -1 not a personal room, -2 meeting missing
if redis.call('HGET', KEYS[1], 'kind') ~= 'personal' then
  return -1
end
local ver = redis.call('HGET', KEYS[2], 'ver')
if ARGV[2] == '0' then
  if ver then return 0 end
  ver = '0'
elseif not ver then
  return -2
elseif ver ~= ARGV[2] then
  return 0
end
redis.call('HSET', KEYS[2], 'json', ARGV[3], 'ver', tonumber(ver) + 1)
redis.call('PEXPIREAT', KEYS[2], ARGV[4])

if ARGV[5] == '' then
  redis.call('HDEL', KEYS[3], ARGV[1])
else
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[5])
end

-- Prune: a room keeps only meetings whose window is recent, and passcodes of kept meetings.
local horizon = tonumber(ARGV[6])
local room = redis.call('HGETALL', KEYS[3])
for i = 1, #room, 2 do
  local untilMs = tonumber(string.match(room[i + 1], '^[^|]*|([^|]*)'))
  if untilMs and untilMs < horizon then
    redis.call('HDEL', KEYS[3], room[i])
  end
end
local pcs = redis.call('HGETALL', KEYS[4])
for i = 1, #pcs, 2 do
  local meeting = string.match(pcs[i + 1], '^([^\n]*)')
  if redis.call('HEXISTS', KEYS[3], meeting) == 0 then
    redis.call('HDEL', KEYS[4], pcs[i])
  end
end
local add = {}
for i = 7, #ARGV do
  add[#add + 1] = ARGV[i]
end
if #add > 0 and ARGV[5] ~= '' then
  redis.call('HSET', KEYS[4], unpack(add))
end
return 1
