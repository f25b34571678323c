-- Records what Twilio's conference status callback reports, in the code's slot: a participant
-- joined (attendance starts; the label is in use), left (attendance ends; the label is free for
-- the next caller, and remembered for this caller's number), or the conference ended (everyone left).
-- KEYS: 1 labels, 2 roster
-- ARGV: 1 event (participant-join | participant-leave | conference-end), 2 call sid, 3 now (ISO 8601), 4 now ms
local labels, roster, event, sid, now = KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3]

local function set_label_state(match_sid, new_state)
  local all = redis.call('HGETALL', labels)
  for i = 1, #all, 2 do
    local s, c, st = string.match(all[i + 1], '^([^|]*)|([^|]*)|([^|]*)|')
    if match_sid == nil or s == match_sid then
      if not (new_state == 'joined' and st == 'free') then
        redis.call('HSET', labels, all[i], s .. '|' .. c .. '|' .. new_state .. '|' .. ARGV[4])
      end
    end
  end
end

local function update(call, field)
  local raw = redis.call('HGET', roster, call)
  if not raw then return 0 end
  local entry = cjson.decode(raw)
  if entry[field] == cjson.null or entry[field] == nil then
    if field == 'joinedAt' and entry.leftAt ~= cjson.null and entry.leftAt ~= nil then
      return 0
    end
    entry[field] = now
    redis.call('HSET', roster, call, cjson.encode(entry))
  end
  return 1
end

if event == 'participant-join' then
  set_label_state(sid, 'joined')
  return update(sid, 'joinedAt')
elseif event == 'participant-leave' then
  set_label_state(sid, 'free')
  return update(sid, 'leftAt')
elseif event == 'conference-end' then
  set_label_state(nil, 'free')
  local all = redis.call('HKEYS', roster)
  for _, call in ipairs(all) do
    local entry = cjson.decode(redis.call('HGET', roster, call))
    if entry.joinedAt ~= cjson.null and entry.joinedAt ~= nil then
      update(call, 'leftAt')
    end
  end
  return 1
end
return 0
