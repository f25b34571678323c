-- Admits a caller to the conference an access code leads to, in the code's slot: checks the
-- passcode (shared or unique) or host PIN against the code entry, protects the meeting against
-- passcode guessing by any callers, and gives the caller a participant label that is unique in
-- the conference (Name, Name (2), ...; a caller who drops and rejoins from the same number gets
-- their label back). Writes the caller's attendance record.
-- KEYS: 1 code entry, 2 room, 3 unique passcodes, 4 labels, 5 passcode failures (zset),
--       6 passcode lock, 7 roster
-- ARGV: 1 op: 'passcode' | 'host' | 'guest', 2 now ms, 3 call sid, 4 caller, 5 idempotency token,
--       6 keyed hash of the passcode or PIN, 7 the label a guest gets, 8 meeting failure limit,
--       9 failure window ms, 10 meeting lock ms, 11 how long an unjoined label stays reserved ms,
--       12 now (ISO 8601), 13 expire-at ms for a personal room's labels and roster
-- Returns {'ok', label, copy number, role, meeting id, contact id, wait for host, conference, passcode kind}
--      or {'wrong'} | {'wrong-locked'} (this failure locked the meeting) | {'locked'} | {'gone'}
local code, room, pcs, labels, failures, plock, roster = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local op, now, sid, caller, token, secret = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5], ARGV[6]

local e = redis.call('HMGET', code, 'kind', 'st', 'until', 'mode', 'spc', 'pin', 'org', 'oname', 'mtg', 'wait')
local kind, status, untilMs, mode, shared, pin, org, oname, meeting, wait =
  e[1], e[2], tonumber(e[3] or '0'), e[4], e[5], e[6], e[7], e[8], e[9], e[10]
if not kind or status == 'cancelled' or (kind == 'onetime' and now >= untilMs) then
  return {'gone'}
end

-- A personal room's current meeting: the one whose window is on now.
local function window(id)
  local value = redis.call('HGET', room, id)
  if not value then return nil end
  local from, to, w = string.match(value, '^([^|]*)|([^|]*)|([^|]*)$')
  return tonumber(from), tonumber(to), w
end
if kind == 'personal' then
  meeting, wait = false, '1'
  local entries = redis.call('HGETALL', room)
  local best
  for i = 1, #entries, 2 do
    local from, to, w = window(entries[i])
    if from and from <= now and now < to and (not best or from < best) then
      best, meeting, wait = from, entries[i], w
    end
  end
end

local base, role, contact, pkind
if op == 'host' then
  if secret ~= pin then return {'wrong'} end
  base, role, contact, pkind = oname or 'Organizer', 'host', '', 'host-pin'
elseif op == 'guest' then
  if mode ~= 'none' then return {'wrong'} end
  base, role, contact, pkind = ARGV[7], 'participant', '', 'none'
else
  -- The lock holds the instant it ends, on the gateway's clock; Redis expiry only collects it.
  if tonumber(redis.call('GET', plock) or '0') > now then return {'locked'} end
  local ok = false
  if mode == 'shared' and shared and shared ~= '' and secret == shared then
    ok, base, contact, pkind = true, ARGV[7], '', 'shared'
  elseif mode == 'unique' then
    local value = redis.call('HGET', pcs, secret)
    if value then
      local m, c, name = string.match(value, '^([^\n]*)\n([^\n]*)\n(.*)$')
      local valid = true
      if kind == 'personal' then
        local from, to, w = window(m)
        valid = from ~= nil and from <= now and now < to
        if valid then wait = w end
      end
      if valid then
        ok, base, contact, pkind, meeting = true, name, c, 'unique', m
      end
    end
  end
  if not ok then
    redis.call('ZADD', failures, now, token ~= '' and token or (sid .. ':' .. now))
    redis.call('ZREMRANGEBYSCORE', failures, '-inf', now - tonumber(ARGV[9]))
    redis.call('PEXPIRE', failures, ARGV[9])
    if redis.call('ZCARD', failures) >= tonumber(ARGV[8]) then
      redis.call('SET', plock, now + tonumber(ARGV[10]), 'PX', ARGV[10])
      redis.call('DEL', failures)
      return {'wrong-locked', meeting or ''}
    end
    return {'wrong'}
  end
  role = 'participant'
end

-- Labels: label -> "sid|caller|state|since", state reserved (admitted), joined, or free.
local held = {}
local all = redis.call('HGETALL', labels)
for i = 1, #all, 2 do
  local s, c, st, ts = string.match(all[i + 1], '^([^|]*)|([^|]*)|([^|]*)|([^|]*)$')
  held[all[i]] = {sid = s, caller = c, state = st, since = tonumber(ts)}
end
local function free(entry)
  return entry == nil or entry.state == 'free'
    or (entry.state == 'reserved' and now - entry.since > tonumber(ARGV[11]))
end
local function label_for(n)
  if n == 1 then return base end
  return base .. ' (' .. n .. ')'
end
local label, copy
for name, entry in pairs(held) do
  if entry.sid == sid then
    label = name
  end
end
if label then
  copy = 0
  for n = 1, 250 do if label_for(n) == label then copy = n end end
else
  for n = 1, 250 do
    local entry = held[label_for(n)]
    if entry and entry.caller == caller and caller ~= 'anonymous' and caller ~= 'unknown' and free(entry) then
      label, copy = label_for(n), n
      break
    end
  end
  if not label then
    for n = 1, 250 do
      if free(held[label_for(n)]) then
        label, copy = label_for(n), n
        break
      end
    end
  end
  if not label then return {'full'} end
  redis.call('HSET', labels, label, sid .. '|' .. caller .. '|reserved|' .. now)
end

local conference
if kind == 'onetime' then conference = 'meeting-' .. meeting else conference = 'room-' .. org end
redis.call('HSETNX', roster, sid, cjson.encode({
  callSid = sid, meetingId = meeting or '', displayName = label, role = role, callerNumber = caller,
  contactId = contact ~= '' and contact or cjson.null, passcodeKind = pkind,
  joinedAt = cjson.null, leftAt = cjson.null }))
-- Labels and roster expire with the code; set once, when this admission created them.
if #all == 0 then
  local expireAt = redis.call('PEXPIRETIME', code)
  if expireAt < 0 then expireAt = tonumber(ARGV[13]) end
  redis.call('PEXPIREAT', labels, expireAt)
  redis.call('PEXPIREAT', roster, expireAt)
end
return {'ok', label, copy, role, meeting or '', contact, wait or '1', conference, pkind}
