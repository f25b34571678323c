-- Appends to a stream with an entry id from the gateway's clock (like every other time here).
-- Should another node's clock have put the stream ahead by a few milliseconds, the append
-- falls back to Redis's own id instead of failing.
local function xadd_at(stream, minId, nowMs, fields)
  local ok, id = pcall(redis.call, 'XADD', stream, 'MINID', minId, nowMs .. '-*', unpack(fields))
  if ok then
    return id
  end
  return redis.call('XADD', stream, 'MINID', minId, '*', unpack(fields))
end
