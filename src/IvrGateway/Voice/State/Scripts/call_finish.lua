-- Closes a call, whichever comes first: Twilio's status callback, the gateway's own final answer
-- (a hang-up it decided), or the sweeper (a call idle too long, closed as lost). The call state
-- becomes one record in the shard's call-log stream (trimmed by time in the same command) and
-- leaves the active set. A repeated or late close finds the state marked done, or the call's
-- index entry, and adds nothing: one record per CallSid, whatever the order.
-- KEYS: 1 call state, 2 active calls (zset), 3 call-log stream, 4 the call's index entry (sid -> stream id)
-- ARGV[1]: cjson {callSid, from, to, status, durationSeconds, endedText (ISO 8601), oldestKeptId,
--   doneTtlMs, retentionMs, now (unix ms), settledSteps (steps after which a hang-up is no news),
--   outcomes {hungUp, storeUnavailable, lost}, private (state fields the record leaves out), privatePrefix,
--   sweep (only from the sweeper) {idleBefore, bridgedIdleBefore (unix ms), bridgedStep},
--   indexes {caller, meeting (key prefixes of the shard's call-log indexes), oldestMember},
--   channel (optional: how a call without state came, web for a browser's client:<identity>)}
--   durationSeconds < 0: not known (the gateway ended the call), counted from the call's start.
-- Returns cjson {closed, outcome}
-- xadd_at(stream, minId, nowMs, fields) comes from lib_stream_entry_id.lua and index_add from lib_call_index.lua,
-- prepended when the script is loaded.
local args = cjson.decode(ARGV[1])
local state = KEYS[1]
if redis.call('HGET', state, 'done') == '1' or redis.call('EXISTS', KEYS[4]) == 1 then
  return cjson.encode({closed = false})
end
local sweep = args.sweep
if sweep then
  -- Only a call still active and idle past its limit; another node's sweep may have closed it.
  local last = redis.call('ZSCORE', KEYS[2], args.callSid)
  if not last then
    return cjson.encode({closed = false})
  end
  local before = sweep.idleBefore
  if redis.call('HGET', state, 'step') == sweep.bridgedStep then
    before = sweep.bridgedIdleBefore
  end
  if tonumber(last) > before then
    return cjson.encode({closed = false})
  end
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
  -- A browser's status callback that came before its /voice/client record (or without one): still marked web.
  if args.channel and args.channel ~= cjson.null then record.channel = args.channel end
end
-- A call that ended while the flow still waited for the caller was hung up by the caller.
local step = record.step
local settled = false
for _, name in ipairs(args.settledSteps) do
  if step == name then settled = true end
end
if sweep then
  record.outcome = args.outcomes.lost
elseif step and not settled and record.outcome ~= args.outcomes.storeUnavailable then
  record.outcome = args.outcomes.hungUp
end
record.status = args.status
local duration = args.durationSeconds
if duration < 0 then
  local started = tonumber(record.started or '')
  duration = started and math.max(0, math.floor((args.now - started) / 1000)) or 0
end
record.duration = tostring(duration)
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
index_add(args.indexes, record, id, args.retentionMs)
redis.call('DEL', state)
redis.call('HSET', state, 'done', '1')
redis.call('PEXPIRE', state, args.doneTtlMs)
redis.call('ZREM', KEYS[2], args.callSid)
return cjson.encode({closed = true, outcome = record.outcome})
