-- Records a step that could not be recorded when it happened (Redis was unreachable): appended
-- to the call's state while the call is in progress, otherwise written as a record of its own.
-- KEYS: 1 call state, 2 call-log stream, 3 the call's index entry
-- ARGV[1]: cjson {callSid, from, to, event (the step's call-log event), oldestKeptId, retentionMs,
--   now (unix ms), unknownStatus}
-- Returns cjson {appended (to the call in progress), written (as a record of its own)}
-- xadd_at(stream, minId, nowMs, fields) comes from lib_stream_entry_id.lua, prepended when the script is loaded.
local args = cjson.decode(ARGV[1])
local encoded = cjson.encode(args.event)
if redis.call('EXISTS', KEYS[1]) == 1 and redis.call('HGET', KEYS[1], 'done') ~= '1' then
  local steps = redis.call('HGET', KEYS[1], 'steps')
  if not steps or steps == '' or steps == '[]' then
    steps = '[' .. encoded .. ']'
  else
    steps = string.sub(steps, 1, -2) .. ',' .. encoded .. ']'
  end
  redis.call('HSET', KEYS[1], 'steps', steps, 'outcome', args.event.outcome)
  return cjson.encode({appended = true, written = false})
end
local id = xadd_at(KEYS[2], args.oldestKeptId, args.now,
  {'sid', args.callSid, 'from', args.from, 'to', args.to, 'steps', '[' .. encoded .. ']',
   'outcome', args.event.outcome, 'status', args.unknownStatus})
redis.call('SET', KEYS[3], id, 'PX', args.retentionMs)
return cjson.encode({appended = false, written = true})
