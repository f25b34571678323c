-- The call log's indexes: per caller number and per meeting, in the shard's slot, a sorted set of
-- the records' stream entry ids, all scored 0 and padded so that their lexicographic order is the
-- stream's order (ZRANGE BYLEX pages them like XRANGE). Trimmed to the retention on every write
-- and expiring a retention after the last write, like the stream they point into.
-- The key names are the owner's (CallerShardStore): it passes each index's key prefix within the shard.
local function index_member(id)
  local dash = string.find(id, '-', 1, true)
  return string.format('%013d-%010d', tonumber(string.sub(id, 1, dash - 1)), tonumber(string.sub(id, dash + 1)))
end

-- The indexes a record belongs to: its caller's and, when it reached one, its meeting's.
local function index_keys(indexes, record)
  local found = {}
  if record.from and record.from ~= '' then
    found[#found + 1] = indexes.caller .. record.from
  end
  if record.meetingId and record.meetingId ~= '' then
    found[#found + 1] = indexes.meeting .. record.meetingId
  end
  return found
end

local function index_add(indexes, record, id, retentionMs)
  for _, key in ipairs(index_keys(indexes, record)) do
    redis.call('ZADD', key, 0, index_member(id))
    redis.call('ZREMRANGEBYLEX', key, '-', '(' .. indexes.oldestMember)
    redis.call('PEXPIRE', key, retentionMs)
  end
end

local function index_remove(indexes, record, id)
  for _, key in ipairs(index_keys(indexes, record)) do
    redis.call('ZREM', key, index_member(id))
  end
end
