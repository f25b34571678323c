-- Writes a meeting held in an organizer's personal room: the meeting record, its window in the
-- room, and its unique passcodes; prunes meetings that ended long ago with their passcodes.
-- Unique passcodes are unique among all live passcodes of the room: a passcode another live
-- meeting of the room holds is refused (passcodeTaken, nothing written) and the scheduler redraws.
-- The host's lock and end of a meeting no longer in the room (pruned or cancelled) go from the live controls: admission
-- cannot reach that meeting any more, and a room's live hash would otherwise keep every past meeting's fields.
-- KEYS: 1 code entry, 2 meeting record, 3 room, 4 unique passcodes, 5 live controls (hash)
-- ARGV[1]: cjson {meetingId, expectedVersion (0 = create), json, expireAtMs,
--                 window (absent: remove the meeting from the room; else {from, untilMs, waitForHost}),
--                 pruneBeforeMs, passcodes (hash -> cjson value), personal (stored kind of a room),
--                 live {locked, ended, muted: field prefixes},
--                 cancelled (stored status of a retired room: no new meetings in it),
--                 outcomes {done, conflict, missing, notRoom, passcodeTaken}}
-- Returns cjson {outcome}
local args = cjson.decode(ARGV[1])
local outcomes = args.outcomes
local entry = redis.call('HMGET', KEYS[1], 'kind', 'status')
if entry[1] ~= args.personal or entry[2] == args.cancelled then
  return cjson.encode({outcome = outcomes.notRoom})
end
local version = tonumber(redis.call('HGET', KEYS[2], 'version') or '0')
if args.expectedVersion == 0 then
  if version > 0 then return cjson.encode({outcome = outcomes.conflict}) end
elseif version == 0 then
  return cjson.encode({outcome = outcomes.missing})
elseif version ~= args.expectedVersion then
  return cjson.encode({outcome = outcomes.conflict})
end
if args.window and args.passcodes then
  for hash, _ in pairs(args.passcodes) do
    local held = redis.call('HGET', KEYS[4], hash)
    if held then
      local holder = cjson.decode(held).meetingId
      local window = room_window(KEYS[3], holder)
      if holder ~= args.meetingId and window and window.untilMs >= args.pruneBeforeMs then
        return cjson.encode({outcome = outcomes.passcodeTaken})
      end
    end
  end
end
redis.call('HSET', KEYS[2], 'json', args.json, 'version', version + 1)
redis.call('PEXPIREAT', KEYS[2], args.expireAtMs)

if args.window then
  redis.call('HSET', KEYS[3], args.meetingId, cjson.encode(args.window))
else
  redis.call('HDEL', KEYS[3], args.meetingId)
end
room_prune(KEYS[3], KEYS[4], args.pruneBeforeMs)
room_prune_live(KEYS[3], KEYS[5], args.live)
if args.window and args.passcodes then
  hset_object(KEYS[4], args.passcodes)
end
return cjson.encode({outcome = outcomes.done})
