-- Ends a claim: sent, dropped (its subject is gone), back to due for a retry, or dead-lettered.
-- Only the holder of the current lease may end it: a worker whose lease expired and was taken
-- over changes nothing. Sent and dropped messages are kept for the retention with their
-- idempotency keys (so a late second enqueue still finds them); older ones are trimmed here.
-- KEYS: 1 messages, 2 idempotency index, 3 due, 4 leased, 5 dead, 6 done (zset id -> ms)
-- ARGV[1]: cjson {id, token, now, outcome (a state word), dueAt, error, trimBefore, trimLimit, states, untried}
-- untried: the claim only found the message's subject not yet written; it goes back without counting a try.
-- Returns cjson {applied, state}
local args = cjson.decode(ARGV[1])
local messages, idem, due, leased, dead, done = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local raw = redis.call('HGET', messages, args.id)
if not raw then
  return cjson.encode({applied = false})
end
local record = cjson.decode(raw)
if record.state ~= args.states.leased or record.lease ~= args.token then
  return cjson.encode({applied = false, state = record.state})
end
redis.call('ZREM', leased, args.id)
record.lease = nil
record.state = args.outcome
if args.error then
  record.lastError = args.error
end
if args.untried and record.attempts > 0 then
  record.attempts = record.attempts - 1
end
if args.outcome == args.states.pending then
  record.dueAt = args.dueAt
  redis.call('ZADD', due, args.dueAt, args.id)
elseif args.outcome == args.states.dead then
  record.doneAt = args.now
  redis.call('ZADD', dead, args.now, args.id)
else
  record.doneAt = args.now
  redis.call('ZADD', done, args.now, args.id)
end
redis.call('HSET', messages, args.id, cjson.encode(record))
local expired = redis.call('ZRANGEBYSCORE', done, '-inf', args.trimBefore, 'LIMIT', 0, args.trimLimit)
for _, old in ipairs(expired) do
  local oldRaw = redis.call('HGET', messages, old)
  if oldRaw then
    redis.call('HDEL', idem, cjson.decode(oldRaw).idemHash)
    redis.call('HDEL', messages, old)
  end
  redis.call('ZREM', done, old)
end
return cjson.encode({applied = true, state = record.state})
