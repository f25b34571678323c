-- Closes a call when Twilio reports its end: the call state becomes one record in the shard's
-- call-log stream (trimmed by time in the same command) and leaves the active set. A repeated
-- status callback finds the state marked done and adds nothing.
-- KEYS: 1 call state, 2 active calls (zset), 3 call-log stream, 4 the call's index entry (sid -> stream id)
-- ARGV[1]: cjson {callSid, from, to, status, durationSeconds, endedText (ISO 8601), oldestKeptId,
--   doneTtlMs, retentionMs, now (unix ms), settledSteps (steps after which a hang-up is no news),
--   outcomes {hungUp, storeUnavailable}, private (state fields the record leaves out), privatePrefix}
-- Returns cjson {closed, outcome}
-- xadd_at(stream, minId, nowMs, fields) comes from lib_stream_entry_id.lua, prepended when the script is loaded.
local args = cjson.decode(ARGV[1])
local state = KEYS[1]
if redis.call('HGET', state, 'done') == '1' then
  return cjson.encode({closed = false})
end
local flat = redis.call('HGETALL', state)
local record = {}
for i = 1, #flat, 2 do
  record[flat[i]] = flat[i + 1]
end
if #flat == 0 then
  -- The call never reached the flow (or its state expired): still one record.
  record.sid = args.callSid
  record.from = args.from
  record.to = args.to
  record.steps = '[]'
end
-- A call that ended while the flow still waited for the caller was hung up by the caller.
local step = record.step
local settled = false
for _, name in ipairs(args.settledSteps) do
  if step == name then settled = true end
end
if step and not settled and record.outcome ~= args.outcomes.storeUnavailable then
  record.outcome = args.outcomes.hungUp
end
record.status = args.status
record.duration = tostring(args.durationSeconds)
record.ended = args.endedText
local skip = {}
for _, name in ipairs(args.private) do skip[name] = true end
local fields = {}
for name, value in pairs(record) do
  if not skip[name] and string.sub(name, 1, #args.privatePrefix) ~= args.privatePrefix then
    fields[#fields + 1] = name
    fields[#fields + 1] = value
  end
end
local id = xadd_at(KEYS[3], args.oldestKeptId, args.now, fields)
redis.call('SET', KEYS[4], id, 'PX', args.retentionMs)
redis.call('DEL', state)
redis.call('HSET', state, 'done', '1')
redis.call('PEXPIRE', state, args.doneTtlMs)
redis.call('ZREM', KEYS[2], args.callSid)
return cjson.encode({closed = true, outcome = record.outcome})
