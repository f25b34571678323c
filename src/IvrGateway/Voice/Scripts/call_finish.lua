-- Closes a call when Twilio reports its end: the call state becomes one record in the shard's
-- call-log stream (trimmed by time in the same command) and leaves the active set. A repeated
-- status callback finds the state marked done and adds nothing.
-- KEYS: 1 call state, 2 active calls (zset), 3 call-log stream, 4 the call's index entry (sid -> stream id)
-- ARGV: 1 call sid, 2 final status, 3 duration seconds, 4 ended (ISO 8601), 5 oldest stream id to keep,
--       6 from, 7 to, 8 ttl of the done marker ms, 9 retention ms, 10 now (unix ms)

-- xadd_at(stream, minId, nowMs, fields) comes from lib_stream_entry_id.lua, prepended when the script is loaded.
local state = KEYS[1]
if redis.call('HGET', state, 'done') == '1' then
  return {}
end
local flat = redis.call('HGETALL', state)
local record = {}
for i = 1, #flat, 2 do
  record[flat[i]] = flat[i + 1]
end
if #flat == 0 then
  -- The call never reached the flow (or its state expired): still one record.
  record['sid'] = ARGV[1]
  record['from'] = ARGV[6]
  record['to'] = ARGV[7]
  record['steps'] = '[]'
end
-- A call that ended while the flow still waited for the caller was hung up by the caller.
local step = record['step']
if step and step ~= 'end' and step ~= 'bridged' and record['outcome'] ~= 'store-unavailable' then
  record['outcome'] = 'hung-up'
end
record['status'] = ARGV[2]
record['duration'] = ARGV[3]
record['ended'] = ARGV[4]
local fields = {}
for name, value in pairs(record) do
  if name ~= 'tok' and name ~= 'verdict' and name ~= 'triesUsed' and string.sub(name, 1, 6) ~= 'tries:' then
    fields[#fields + 1] = name
    fields[#fields + 1] = value
  end
end
local id = xadd_at(KEYS[3], ARGV[5], tonumber(ARGV[10]), fields)
redis.call('SET', KEYS[4], id, 'PX', ARGV[9])
redis.call('DEL', state)
redis.call('HSET', state, 'done', '1')
redis.call('PEXPIRE', state, ARGV[8])
redis.call('ZREM', KEYS[2], ARGV[1])
return fields
