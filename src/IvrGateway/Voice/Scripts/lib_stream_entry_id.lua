-- Entry ids come from the gateway's clock (like every other time here), never behind the
-- stream's last id, so nodes whose clocks differ by a few milliseconds cannot fail an append.
local function entry_id(stream, nowMs)
  local ok, info = pcall(redis.call, 'XINFO', 'STREAM', stream)
  if ok then
    for i = 1, #info, 2 do
      if info[i] == 'last-generated-id' then
        local last = tonumber(string.match(info[i + 1], '^(%d+)'))
        if last and last > nowMs then nowMs = last end
      end
    end
  end
  return nowMs .. '-*'
end
