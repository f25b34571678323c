-- Records what Twilio's conference status callback reports, in the code's slot: a participant
-- joined (attendance starts; the label is in use), left (attendance ends; the label is free for
-- the next caller, and remembered for this caller's number), or the conference ended (everyone left).
-- A call that left takes its host mute with it (live: mutedPrefix .. callSid): a CallSid never comes back, so the field
-- could only grow the hash the live view reads whole.
-- KEYS: 1 labels, 2 roster, 3 live controls (hash)
-- ARGV[1]: cjson {change (one of changes), changes {joined, left, ended: the names of the caller's definition},
--                 callSid, nowText (ISO 8601), now (unix ms), mutedPrefix}
-- Returns cjson {recorded, and for a participant in the roster: caller, channel (how they joined: web for a browser, absent for a phone)}
-- label_decode, label_encode and the LABEL_ states come from lib_labels.lua.
local args = cjson.decode(ARGV[1])
local labels, roster, live, sid, now = KEYS[1], KEYS[2], KEYS[3], args.callSid, args.nowText
local changes = args.changes

local function is_set(value)
  return value ~= nil and value ~= cjson.null
end

-- Only the labels that change are written.
local function set_label_state(match_sid, new_state)
  local all = redis.call('HGETALL', labels)
  local writes = {}
  for i = 1, #all, 2 do
    local label = label_decode(all[i + 1])
    if (match_sid == nil or label.sid == match_sid) and label.state ~= new_state and not (new_state == LABEL_JOINED and label.state == LABEL_FREE) then
      writes[#writes + 1] = all[i]
      writes[#writes + 1] = label_encode(label.sid, label.caller, new_state, args.now)
    end
  end
  if #writes > 0 then
    redis.call('HSET', labels, unpack(writes))
  end
end

local function stamp(raw, field)
  local entry = cjson.decode(raw)
  if is_set(entry[field]) or (field == 'joinedAt' and is_set(entry.leftAt)) then
    return nil
  end
  entry[field] = now
  return cjson.encode(entry)
end

if args.change == changes.joined or args.change == changes.left then
  local joined = args.change == changes.joined
  set_label_state(sid, joined and LABEL_JOINED or LABEL_FREE)
  if not joined then redis.call('HDEL', live, args.mutedPrefix .. sid) end
  local raw = redis.call('HGET', roster, sid)
  if not raw then return cjson.encode({recorded = false}) end
  local updated = stamp(raw, joined and 'joinedAt' or 'leftAt')
  if updated then redis.call('HSET', roster, sid, updated) end
  local entry = cjson.decode(raw)
  return cjson.encode({recorded = true, caller = is_set(entry.callerNumber) and entry.callerNumber or nil,
    channel = is_set(entry.channel) and entry.channel or nil})
elseif args.change == changes.ended then
  set_label_state(nil, LABEL_FREE)
  -- Everyone still in the conference has left it now; the roster is read once.
  local all = redis.call('HGETALL', roster)
  local writes = {}
  local mutes = {}
  for i = 1, #all, 2 do
    mutes[#mutes + 1] = args.mutedPrefix .. all[i]
    if #mutes == 500 then
      redis.call('HDEL', live, unpack(mutes))
      mutes = {}
    end
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
  if #mutes > 0 then
    redis.call('HDEL', live, unpack(mutes))
  end
  return cjson.encode({recorded = true})
end
return cjson.encode({recorded = false})
