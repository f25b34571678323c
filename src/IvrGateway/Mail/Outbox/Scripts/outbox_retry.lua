-- Puts a dead letter back in the queue, due now, with a fresh count of tries (its last error kept).
-- KEYS: 1 messages, 2 dead, 3 due
-- ARGV[1]: cjson {id, now, states}
-- Returns cjson {found, retried, state}
local args = cjson.decode(ARGV[1])
local raw = redis.call('HGET', KEYS[1], args.id)
if not raw then
  return cjson.encode({found = false})
end
local record = cjson.decode(raw)
if record.state ~= args.states.dead then
  return cjson.encode({found = true, retried = false, state = record.state})
end
redis.call('ZREM', KEYS[2], args.id)
record.state = args.states.pending
record.attempts = 0
record.dueAt = args.now
record.doneAt = nil
redis.call('ZADD', KEYS[3], args.now, args.id)
redis.call('HSET', KEYS[1], args.id, cjson.encode(record))
return cjson.encode({found = true, retried = true, state = record.state})
