-- Records a step that could not be recorded when it happened (Redis was unreachable): appended
-- to the call's state while the call is in progress, otherwise written as a record of its own.
-- KEYS: 1 call state, 2 call-log stream, 3 the call's index entry
-- ARGV: 1 call sid, 2 from, 3 to, 4 event json, 5 outcome, 6 oldest stream id to keep, 7 retention ms, 8 now (unix ms)

-- xadd_at(stream, minId, nowMs, fields) comes from lib_stream_entry_id.lua, prepended when the script is loaded.
if redis.call('EXISTS', KEYS[1]) == 1 and redis.call('HGET', KEYS[1], 'done') ~= '1' then
  local steps = redis.call('HGET', KEYS[1], 'steps')
  if not steps or steps == '' or steps == '[]' then
    steps = '[' .. ARGV[4] .. ']'
  else
    steps = string.sub(steps, 1, -2) .. ',' .. ARGV[4] .. ']'
  end
  redis.call('HSET', KEYS[1], 'steps', steps, 'outcome', ARGV[5])
  return 1
end
local id = xadd_at(KEYS[2], ARGV[6], tonumber(ARGV[8]),
  {'sid', ARGV[1], 'from', ARGV[2], 'to', ARGV[3], 'steps', '[' .. ARGV[4] .. ']', 'outcome', ARGV[5], 'status', 'unknown'})
redis.call('SET', KEYS[3], id, 'PX', ARGV[7])
return 2
