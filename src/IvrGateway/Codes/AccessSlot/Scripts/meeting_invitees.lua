-- Adds or removes invitees of a scheduled meeting: the meeting record and its unique passcodes change
-- together, so a removed invitee's passcode is refused from the moment the record drops them, and an
-- added invitee's works from the moment the record names them.
-- A passcode to add that is already held is refused (passcodeTaken, nothing written) and the scheduler
-- redraws: held by this meeting, by anything in a one-time code's slot, or by another live meeting of
-- the room (the same rule as room_meeting.lua).
-- KEYS: 1 meeting record, 2 unique passcodes, 3 room (personal rooms; named for the slot otherwise)
-- ARGV[1]: cjson {meetingId, expectedVersion, json, add (hash -> cjson holder), remove [hashes],
--                 inRoom, pruneBeforeMs, passcodesExpireAtMs (absent: a room's passcodes, which do not expire),
--                 outcomes {done, conflict, missing, notRoom, passcodeTaken}}
-- Returns cjson {outcome}
local args = cjson.decode(ARGV[1])
local outcomes = args.outcomes
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if version == 0 then
  return cjson.encode({outcome = outcomes.missing})
end
if version ~= args.expectedVersion then
  return cjson.encode({outcome = outcomes.conflict})
end
local removing = {}
for _, hash in ipairs(args.remove or {}) do
  removing[hash] = true
end
for hash, _ in pairs(args.add or {}) do
  local held = redis.call('HGET', KEYS[2], hash)
  if held and not removing[hash] then
    local holder = cjson.decode(held).meetingId
    if holder == args.meetingId or not args.inRoom then
      return cjson.encode({outcome = outcomes.passcodeTaken})
    end
    local window = room_window(KEYS[3], holder)
    if window and window.untilMs >= args.pruneBeforeMs then
      return cjson.encode({outcome = outcomes.passcodeTaken})
    end
  end
end
for hash, _ in pairs(removing) do
  local held = redis.call('HGET', KEYS[2], hash)
  if held and cjson.decode(held).meetingId == args.meetingId then
    redis.call('HDEL', KEYS[2], hash)
  end
end
redis.call('HSET', KEYS[1], 'json', args.json, 'version', version + 1)
if args.add and hset_object(KEYS[2], args.add) > 0 and args.passcodesExpireAtMs then
  redis.call('PEXPIREAT', KEYS[2], args.passcodesExpireAtMs)
end
return cjson.encode({outcome = outcomes.done})
