-- Records a step that could not be recorded when it happened (Redis was unreachable), into the
-- call's one record: appended to the call's state while the call is in progress; merged into its
-- record when the call has ended (by this node or another: the record moves to a new entry with the
-- step added, and its index entries follow it); written as a record of its own only when the call
-- left no trace at all. Never a second record for a CallSid.
-- KEYS: 1 call state, 2 call-log stream, 3 the call's index entry (sid -> stream id)
-- A step already in the record (a journal replayed after a crash) is not added again.
-- ARGV[1]: cjson {callSid, from, to, event (the step's call-log event as JSON text), outcome (the step's), oldestKeptId, retentionMs,
--   now (unix ms), unknownStatus, indexes {caller, meeting, oldestMember},
--   results {appended, merged, written, dropped (the call's record is past the retention)}}
-- Returns cjson {result}, one of the results
-- xadd_at comes from lib_stream_entry_id.lua, index_add and index_remove from lib_call_index.lua.
local args = cjson.decode(ARGV[1])
local encoded = args.event

local function has_step(steps)
  return steps and string.find(steps, encoded, 1, true) ~= nil
end

local function with_step(steps)
  if not steps or steps == '' or steps == '[]' then
    return '[' .. encoded .. ']'
  end
  return string.sub(steps, 1, -2) .. ',' .. encoded .. ']'
end

local done = redis.call('HGET', KEYS[1], 'done') == '1'
if not done and redis.call('EXISTS', KEYS[1]) == 1 then
  local steps = redis.call('HGET', KEYS[1], 'steps')
  if not has_step(steps) then
    redis.call('HSET', KEYS[1], 'steps', with_step(steps), 'outcome', args.outcome)
  end
  return cjson.encode({result = args.results.appended})
end

local id = redis.call('GET', KEYS[3])
if id then
  local entries = redis.call('XRANGE', KEYS[2], id, id)
  if #entries == 0 then
    return cjson.encode({result = args.results.dropped})
  end
  local flat = entries[1][2]
  local record = {}
  for i = 1, #flat, 2 do
    record[flat[i]] = flat[i + 1]
  end
  if has_step(record.steps) then
    return cjson.encode({result = args.results.merged})
  end
  record.steps = with_step(record.steps)
  record.outcome = args.outcome
  local fields = {}
  for name, value in pairs(record) do
    fields[#fields + 1] = name
    fields[#fields + 1] = value
  end
  redis.call('XDEL', KEYS[2], id)
  index_remove(args.indexes, record, id)
  local moved = xadd_at(KEYS[2], args.oldestKeptId, args.now, fields)
  redis.call('SET', KEYS[3], moved, 'PX', args.retentionMs)
  index_add(args.indexes, record, moved, args.retentionMs)
  return cjson.encode({result = args.results.merged})
end
if done then
  -- Closed, but its record is already gone: nothing left to merge into.
  return cjson.encode({result = args.results.dropped})
end

local record = {sid = args.callSid, from = args.from, to = args.to, steps = '[' .. encoded .. ']',
  outcome = args.outcome, status = args.unknownStatus}
local fields = {}
for name, value in pairs(record) do
  fields[#fields + 1] = name
  fields[#fields + 1] = value
end
local written = xadd_at(KEYS[2], args.oldestKeptId, args.now, fields)
redis.call('SET', KEYS[3], written, 'PX', args.retentionMs)
index_add(args.indexes, record, written, args.retentionMs)
return cjson.encode({result = args.results.written})
