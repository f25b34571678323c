-- Retires a personal room's code (its organizer rotated it): refused while any meeting of the room
-- is still ahead or on (its window ends after now), else the entry turns cancelled-like (status
-- cancelled, retiredReason) and the code entry, room and passcodes are kept until the end of the
-- quarantine, so the code is not issued again and a late caller hears it is no longer in use.
-- KEYS: 1 code entry, 2 room, 3 unique passcodes
-- ARGV[1]: cjson {now (unix ms), expireAtMs, personal (stored kind of a room), cancelled (stored status),
--                 reason, outcomes {done, busy, notRoom}}
-- Returns cjson {outcome, meetingsAhead}
local args = cjson.decode(ARGV[1])
local e = redis.call('HMGET', KEYS[1], 'kind', 'status')
if e[1] ~= args.personal or e[2] == args.cancelled then
  return cjson.encode({outcome = args.outcomes.notRoom, meetingsAhead = 0})
end
local ahead = 0
local entries = redis.call('HGETALL', KEYS[2])
for i = 1, #entries, 2 do
  if cjson.decode(entries[i + 1]).untilMs > args.now then
    ahead = ahead + 1
  end
end
if ahead > 0 then
  return cjson.encode({outcome = args.outcomes.busy, meetingsAhead = ahead})
end
redis.call('HSET', KEYS[1], 'status', args.cancelled, 'retiredReason', args.reason)
for i = 1, 3 do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    redis.call('PEXPIREAT', KEYS[i], args.expireAtMs)
  end
end
return cjson.encode({outcome = args.outcomes.done, meetingsAhead = 0})
