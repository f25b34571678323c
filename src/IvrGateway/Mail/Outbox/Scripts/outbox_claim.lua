-- Claims one message for one worker: first a message whose lease expired (its worker stopped
-- mid-send), else the most overdue one. The claim moves it to the leased set until leaseUntil and
-- counts a try, atomically, so two workers never hold the same message at once. A message whose
-- lease expired on its last try is dead-lettered instead: a message that stops every worker that
-- sends it must not circle forever.
-- KEYS: 1 messages, 2 due (zset), 3 leased (zset id -> lease expiry ms), 4 dead (zset id -> ms)
-- ARGV[1]: cjson {now, leaseUntil, token, maxAttempts, leaseExpiredError, states}
-- Returns cjson {found, reclaimed, record}, or {found = false, skipped = true, deadLettered} when it took
-- a message off the queue without handing it out (the caller may claim again)
local args = cjson.decode(ARGV[1])
local messages, due, leased, dead = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local id = redis.call('ZRANGEBYSCORE', leased, '-inf', args.now, 'LIMIT', 0, 1)[1]
local reclaimed = id ~= nil
if not reclaimed then
  id = redis.call('ZRANGEBYSCORE', due, '-inf', args.now, 'LIMIT', 0, 1)[1]
end
if not id then
  return cjson.encode({found = false})
end
redis.call('ZREM', due, id)
redis.call('ZREM', leased, id)
local raw = redis.call('HGET', messages, id)
if not raw then
  -- An index entry without its record (never written by these scripts): dropped, and look again.
  return cjson.encode({found = false, skipped = true})
end
local record = cjson.decode(raw)
if reclaimed and record.attempts >= args.maxAttempts then
  record.state = args.states.dead
  record.lease = nil
  record.lastError = args.leaseExpiredError
  record.doneAt = args.now
  redis.call('ZADD', dead, args.now, id)
  redis.call('HSET', messages, id, cjson.encode(record))
  return cjson.encode({found = false, skipped = true, deadLettered = id})
end
record.attempts = record.attempts + 1
record.state = args.states.leased
record.lease = args.token
record.lastAttemptAt = args.now
redis.call('ZADD', leased, args.leaseUntil, id)
redis.call('HSET', messages, id, cjson.encode(record))
return cjson.encode({found = true, reclaimed = reclaimed, record = record})
