-- Participant labels of one access slot: label -> "sid|caller|state|since", state one of
-- reserved (admitted, not yet in the conference), joined, free. Only admit.lua and
-- conference_event.lua read or write them, both through these functions and states.
local LABEL_RESERVED, LABEL_JOINED, LABEL_FREE = 'reserved', 'joined', 'free'

local function label_decode(value)
  local sid, caller, state, since = string.match(value, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)$')
  return {sid = sid, caller = caller, state = state, since = tonumber(since)}
end

local function label_encode(sid, caller, state, since)
  return sid .. '|' .. caller .. '|' .. state .. '|' .. since
end
