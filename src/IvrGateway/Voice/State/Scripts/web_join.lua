-- A browser's call (POST /voice/client), recorded in the shard of its client identity as a phone call's
-- steps are in its caller's: the call state with its facts, its one step and the channel, and a place in the
-- shard's active calls, so the same callbacks and the sweeper close it into the same call-log stream.
-- Twilio's retry of the same request, or one after the call was closed, finds the state (or the done
-- marker, or the record's index entry) and changes nothing: one record and one step per CallSid.
-- KEYS: 1 call state (hash), 2 active calls of the shard (zset), 3 the call's index entry (sid -> stream id)
-- ARGV[1]: cjson {callSid, now (unix ms), stateTtlMs, step (where the call is after it: bridged, or ended for a refusal),
--   outcome, steps (the step log's JSON text), facts (call-state fields: sid, from, to, locale, started, channel, ...)}
-- Returns cjson {recorded, step (a retry's: where the existing state is, absent once closed)}
local args = cjson.decode(ARGV[1])
local state = KEYS[1]
if redis.call('EXISTS', state) == 1 or redis.call('EXISTS', KEYS[3]) == 1 then
  local step = redis.call('HGET', state, 'step')
  return cjson.encode({recorded = false, step = step or nil})
end
local fields = {'step', args.step, 'outcome', args.outcome, 'steps', args.steps}
for name, value in pairs(args.facts) do
  fields[#fields + 1] = name
  fields[#fields + 1] = value
end
redis.call('HSET', state, unpack(fields))
redis.call('PEXPIRE', state, args.stateTtlMs)
redis.call('ZADD', KEYS[2], args.now, args.callSid)
return cjson.encode({recorded = true})
