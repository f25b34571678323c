-- Records what Twilio's conference status callback reports, in the code's slot: a participant
-- joined (attendance starts; the label is in use), left (attendance ends; the label is free for
-- the next caller, and remembered for this caller's number), or the conference ended (everyone left).
-- KEYS: 1 labels, 2 roster
-- ARGV: 1 event (participant-join | participant-leave | conference-end), 2 call sid, 3 now (ISO 8601), 4 now ms
local labels, roster, event, sid, now = KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3]

local function is_set(value)
  return value ~= nil and value ~= cjson.null
end

-- Labels are "sid|caller|state|since"; only those that change are written.
local function set_label_state(match_sid, new_state)
  local all = redis.call('HGETALL', labels)
  local writes = {}
  for i = 1, #all, 2 do
    local s, c, st = string.match(all[i + 1], '^([^|]*)|([^|]*)|([^|]*)|')
    if (match_sid == nil or s == match_sid) and st ~= new_state and not (new_state == 'joined' and st == 'free') then
      writes[#writes + 1] = all[i]
      writes[#writes + 1] = s .. '|' .. c .. '|' .. new_state .. '|' .. ARGV[4]
    end
  end
  if #writes > 0 then
    redis.call('HSET', labels, unpack(writes))
  end
end

local function stamp(call, raw, field)
  local entry = cjson.decode(raw)
  if is_set(entry[field]) or (field == 'joinedAt' and is_set(entry.leftAt)) then
    return nil
  end
  entry[field] = now
  return cjson.encode(entry)
end

if event == 'participant-join' or event == 'participant-leave' then
  set_label_state(sid, event == 'participant-join' and 'joined' or 'free')
  local raw = redis.call('HGET', roster, sid)
  if not raw then return 0 end
  local updated = stamp(sid, raw, event == 'participant-join' and 'joinedAt' or 'leftAt')
  if updated then redis.call('HSET', roster, sid, updated) end
  return 1
elseif event == 'conference-end' then
  set_label_state(nil, 'free')
  -- Everyone still in the conference has left it now; the roster is read once.
  local all = redis.call('HGETALL', roster)
  local writes = {}
  for i = 1, #all, 2 do
    local entry = cjson.decode(all[i + 1])
    if is_set(entry.joinedAt) and not is_set(entry.leftAt) then
      entry.leftAt = now
      writes[#writes + 1] = all[i]
      writes[#writes + 1] = cjson.encode(entry)
    end
  end
  if #writes > 0 then
    redis.call('HSET', roster, unpack(writes))
  end
  return 1
end
return 0
