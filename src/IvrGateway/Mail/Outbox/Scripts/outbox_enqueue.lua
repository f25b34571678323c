-- Stores a message once per idempotency key: a second enqueue of the same key stores nothing and
-- answers with the first message's id.
-- KEYS: 1 messages (hash id -> record), 2 idempotency index (hash key hash -> id), 3 due (zset id -> due ms)
-- ARGV[1]: cjson {record}
-- Returns cjson {id, created}
local args = cjson.decode(ARGV[1])
local record = args.record
local existing = redis.call('HGET', KEYS[2], record.idemHash)
if existing then
  return cjson.encode({id = existing, created = false})
end
redis.call('HSET', KEYS[1], record.id, cjson.encode(record))
redis.call('HSET', KEYS[2], record.idemHash, record.id)
redis.call('ZADD', KEYS[3], record.dueAt, record.id)
return cjson.encode({id = record.id, created = true})
