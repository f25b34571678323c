-- Reschedules or cancels a meeting with a one-time code: the record and the code entry's window
-- change together, so a caller never sees the new record with the old window or the reverse.
-- KEYS: 1 code entry, 2 meeting record, 3 unique passcodes
-- ARGV[1]: cjson {expectedVersion, json, expireAtMs (the end of the quarantine, for everything),
--                 entry (code-entry fields to set), outcomes {done, conflict, missing}}
-- Returns cjson {outcome}
local args = cjson.decode(ARGV[1])
local version = redis.call('HGET', KEYS[2], 'version')
if not version then
  return cjson.encode({outcome = args.outcomes.missing})
end
if tonumber(version) ~= args.expectedVersion then
  return cjson.encode({outcome = args.outcomes.conflict})
end
redis.call('HSET', KEYS[2], 'json', args.json, 'version', tonumber(version) + 1)
hset_object(KEYS[1], args.entry)
redis.call('PEXPIREAT', KEYS[1], args.expireAtMs)
redis.call('PEXPIREAT', KEYS[2], args.expireAtMs)
redis.call('PEXPIREAT', KEYS[3], args.expireAtMs)
return cjson.encode({outcome = args.outcomes.done})
