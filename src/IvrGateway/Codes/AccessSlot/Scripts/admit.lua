-- Admits a caller to the conference an access code leads to, in the code's slot: checks the
-- passcode (shared or unique) against the code entry, protects the meeting against passcode
-- guessing by any callers, and gives the caller a participant label that is unique in the
-- conference (Name, Name (2), ...; a caller who drops and rejoins from the same number gets their
-- label back). Writes the caller's attendance record. A host was verified before, in the
-- organizer's host-PIN slot; here only the organizer is checked to be this code's.
-- While the meeting is protected, an invitee's own unique passcode still gets in: only wrong
-- passcodes and the shared one are held. Failures are counted once per callSid:step:attempt, so a
-- replayed request cannot lock the meeting.
-- A meeting the host ended admits no one; one the host locked admits the host only.
-- KEYS: 1 code entry, 2 room, 3 unique passcodes, 4 labels, 5 passcode failures (zset),
--       6 passcode lock, 7 live controls (hash: live.locked/live.ended .. meeting id); the roster is the meeting's:
--       rosterPrefix .. meeting id (the meeting is decided here, for a personal room by lib_room.lua; the prefix, from the
--       store, carries the slot's hash tag)
-- ARGV[1]: cjson {asHost, asGuest (else a passcode), now (unix ms), nowText (ISO 8601), callSid, caller,
--   member (callSid:step:attempt), organizerId (the verified host's), secretHash, guestLabel, failureLimit, failureWindowMs, lockMs, unjoinedLabelMs,
--   expireAtMs (labels and roster of a code without expiry), rosterPrefix, rosterRetentionMs (a room meeting's roster
--   outlives its window by this: the call log's retention), roomLabelsMs (a room's labels outlive its last admission by this),
--   words {personal, oneTime, cancelled,
--   shared, unique, none: the stored values}, roles {host, participant},
--   passcodeKinds {hostPin, none, shared, unique}, verdicts {admitted, wrong, wrongLocked, locked, gone, full, meetingLocked, ended, notOpen},
--   live {locked, ended, muted: field prefixes},
--   checkOnly (every check, no label or roster: the join page before it mints a token), channel (roster mark, e.g. web),
--   meetingId (optional: the one meeting the caller was sent for, Call me's ticket; notOpen when it is not open now)}
-- Returns cjson {verdict} and, when admitted, {label, copy, role, meetingId, contactId,
--   waitForHost, personal, organizerId, passcodeKind, sharedContact (the same contact's passcode is
--   already in use by another call in this conference)}; wrongLocked and notOpen name the meeting.
-- room_current, room_window and room_is_on come from lib_room.lua; label_* from lib_labels.lua.
local args = cjson.decode(ARGV[1])
local code, room, pcs, labels, failures, plock, live = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local now, sid, caller, member, secret = args.now, args.callSid, args.caller, args.member, args.secretHash
local words, verdicts = args.words, args.verdicts
local function reply(verdict, fields)
  fields = fields or {}
  fields.verdict = verdict
  return cjson.encode(fields)
end

local e = redis.call('HMGET', code, 'kind', 'status', 'activeUntil', 'passcodeMode', 'sharedPasscodeHash',
  'organizerId', 'organizerName', 'meetingId', 'waitForHost')
local kind, status, untilMs, mode, shared, org, oname, meeting, wait =
  e[1], e[2], tonumber(e[3] or '0'), e[4], e[5], e[6], e[7], e[8], e[9] ~= '0'
if not kind or status == words.cancelled or (kind == words.oneTime and now >= untilMs) then
  return reply(verdicts.gone)
end
local personal = kind == words.personal

local roomWindow
if personal then
  local id, window = room_current(room, now)
  meeting, wait, roomWindow = id or false, (not window) or window.waitForHost, window
end

-- A caller sent for one meeting (Call me's ticket) gets that meeting or nothing: never whichever one the code leads to now,
-- such as a room's next meeting after the one asked for ended, was cancelled (it left the room) or was moved.
local asked = args.meetingId
if asked == cjson.null or asked == '' then asked = nil end
if asked then
  if personal then
    local window = room_window(room, asked)
    if not room_is_on(window, now) then return reply(verdicts.notOpen, {meetingId = asked}) end
    meeting, wait, roomWindow = asked, window.waitForHost, window
  elseif meeting ~= asked then
    return reply(verdicts.notOpen, {meetingId = asked})
  end
end
local roster = args.rosterPrefix .. (meeting or '')

local base, role, contact, pkind
if args.asHost then
  if org ~= args.organizerId then return reply(verdicts.wrong) end
  base, role, contact, pkind = oname or 'Organizer', args.roles.host, '', args.passcodeKinds.hostPin
elseif args.asGuest then
  if mode ~= words.none then return reply(verdicts.wrong) end
  base, role, contact, pkind = args.guestLabel, args.roles.participant, '', args.passcodeKinds.none
else
  -- The lock holds the instant it ends, on the gateway's clock; Redis expiry only collects it.
  local locked = tonumber(redis.call('GET', plock) or '0') > now
  local ok = false
  if mode == words.unique then
    local value = redis.call('HGET', pcs, secret)
    if value then
      local holder = cjson.decode(value)
      local valid = true
      if personal then
        local window = room_window(room, holder.meetingId)
        -- A passcode of another meeting of the room does not lead into the one asked for.
        valid = room_is_on(window, now) and (not asked or holder.meetingId == asked)
        if valid then wait = window.waitForHost end
      end
      if valid then
        ok, base, contact, pkind, meeting = true, holder.name, holder.contactId, args.passcodeKinds.unique, holder.meetingId
      end
    end
  end
  -- A protected meeting holds every other attempt, right or wrong, without counting it.
  if not ok and locked then return reply(verdicts.locked) end
  if not ok and mode == words.shared and shared and shared ~= '' and secret == shared then
    ok, base, contact, pkind = true, args.guestLabel, '', args.passcodeKinds.shared
  end
  if not ok then
    redis.call('ZADD', failures, now, member)
    redis.call('ZREMRANGEBYSCORE', failures, '-inf', now - args.failureWindowMs)
    redis.call('PEXPIRE', failures, args.failureWindowMs)
    if redis.call('ZCARD', failures) >= args.failureLimit then
      redis.call('SET', plock, now + args.lockMs, 'PX', args.lockMs)
      redis.call('DEL', failures)
      return reply(verdicts.wrongLocked, {meetingId = meeting or nil})
    end
    return reply(verdicts.wrong)
  end
  role = args.roles.participant
end

if meeting then
  local control = redis.call('HMGET', live, args.live.ended .. meeting, args.live.locked .. meeting)
  if control[1] then return reply(verdicts.ended, {meetingId = meeting}) end
  if control[2] and not args.asHost then return reply(verdicts.meetingLocked, {meetingId = meeting}) end
end

if args.checkOnly then
  return reply(verdicts.admitted, {
    role = role, meetingId = meeting or nil, contactId = contact ~= '' and contact or nil, waitForHost = wait,
    personal = personal, organizerId = org, passcodeKind = pkind, copy = 0, sharedContact = false })
end

local held = {}
local all = redis.call('HGETALL', labels)
for i = 1, #all, 2 do
  held[all[i]] = label_decode(all[i + 1])
end
local function free(entry)
  return entry == nil or entry.state == LABEL_FREE
    or (entry.state == LABEL_RESERVED and now - entry.since > args.unjoinedLabelMs)
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
  if not label then return reply(verdicts.full) end
  redis.call('HSET', labels, label, label_encode(sid, caller, LABEL_RESERVED, now))
end

-- The same contact's passcode in use by another call right now (not merely someone of the same name).
local sharedContact = false
if contact ~= '' then
  for _, entry in pairs(held) do
    if entry.sid ~= sid and not free(entry) then
      local raw = redis.call('HGET', roster, entry.sid)
      if raw and cjson.decode(raw).contactId == contact then
        sharedContact = true
        break
      end
    end
  end
end

redis.call('HSETNX', roster, sid, cjson.encode({
  callSid = sid, meetingId = meeting or '', displayName = label, role = role, callerNumber = caller,
  contactId = contact ~= '' and contact or cjson.null, passcodeKind = pkind,
  joinedAt = cjson.null, leftAt = cjson.null, channel = args.channel }))
if personal then
  -- A room's meeting keeps its roster for the call log's retention after its window; calls outside any meeting keep
  -- theirs that long after the last. The labels live while the room is in use.
  local rosterUntil = (roomWindow and roomWindow.untilMs or now) + args.rosterRetentionMs
  if redis.call('PEXPIRETIME', roster) < rosterUntil then
    redis.call('PEXPIREAT', roster, rosterUntil)
  end
  redis.call('PEXPIREAT', labels, now + args.roomLabelsMs)
else
  -- A one-time code's labels and roster expire with the code (a reschedule moves its expiry).
  local expireAt = redis.call('PEXPIRETIME', code)
  if expireAt < 0 then expireAt = args.expireAtMs end
  redis.call('PEXPIREAT', labels, expireAt)
  redis.call('PEXPIREAT', roster, expireAt)
end
return reply(verdicts.admitted, {
  label = label, copy = copy, role = role, meetingId = meeting or nil, contactId = contact ~= '' and contact or nil,
  waitForHost = wait, personal = personal, organizerId = org, passcodeKind = pkind, sharedContact = sharedContact })
