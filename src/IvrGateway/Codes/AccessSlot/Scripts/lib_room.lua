-- A personal room's meetings: meeting id -> cjson {from, untilMs, waitForHost} (unix ms), in the
-- room hash. The one place that decides which of them is current, used by the lookup and by
-- admission, and the one place that prunes them.
local function room_window(room, id)
  local value = redis.call('HGET', room, id)
  if not value then return nil end
  return cjson.decode(value)
end

local function room_is_on(window, now)
  return window ~= nil and window.from <= now and now < window.untilMs
end

-- The meeting whose window is on now (the earliest-starting one if several are); nil if none.
local function room_current(room, now)
  local entries = redis.call('HGETALL', room)
  local best, bestWindow
  for i = 1, #entries, 2 do
    local window = cjson.decode(entries[i + 1])
    if room_is_on(window, now) and (not bestWindow or window.from < bestWindow.from) then
      best, bestWindow = entries[i], window
    end
  end
  return best, bestWindow
end

-- Drops meetings whose window ended before the horizon, then the unique passcodes of meetings
-- no longer in the room (passcode values are cjson {meetingId, contactId, name}).
local function room_prune(room, passcodes, horizon)
  local entries = redis.call('HGETALL', room)
  for i = 1, #entries, 2 do
    if cjson.decode(entries[i + 1]).untilMs < horizon then
      redis.call('HDEL', room, entries[i])
    end
  end
  local pcs = redis.call('HGETALL', passcodes)
  for i = 1, #pcs, 2 do
    if redis.call('HEXISTS', room, cjson.decode(pcs[i + 1]).meetingId) == 0 then
      redis.call('HDEL', passcodes, pcs[i])
    end
  end
end

-- Drops the live controls (prefixes.locked / prefixes.ended .. meeting id) of meetings no longer in the room; the
-- host's mutes (prefixes.muted .. CallSid) go when their call leaves, in conference_event.lua.
local function room_prune_live(room, live, prefixes)
  local fields = redis.call('HKEYS', live)
  local stale = {}
  for _, field in ipairs(fields) do
    for _, prefix in ipairs({prefixes.locked, prefixes.ended}) do
      if string.sub(field, 1, #prefix) == prefix and redis.call('HEXISTS', room, string.sub(field, #prefix + 1)) == 0 then
        stale[#stale + 1] = field
        if #stale == 500 then
          redis.call('HDEL', live, unpack(stale))
          stale = {}
        end
      end
    end
  end
  if #stale > 0 then
    redis.call('HDEL', live, unpack(stale))
  end
end

-- A hash written from a JSON object of string values (cjson decodes; HSET wants a flat list).
local function hset_object(key, object)
  local flat = {}
  for name, value in pairs(object) do
    flat[#flat + 1] = name
    flat[#flat + 1] = value
  end
  if #flat > 0 then
    redis.call('HSET', key, unpack(flat))
  end
  return #flat
end
