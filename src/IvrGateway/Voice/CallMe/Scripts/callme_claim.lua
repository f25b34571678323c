-- Binds a Call me ticket to the one call that uses it: the first request of a call claims it, later requests of the
-- same call (the press step, Twilio's retries) find it, and any other call is refused, so a ticket rings one call only.
-- KEYS: 1 the ticket (cjson {slotId, organizerId, meetingId, title, callSid})
-- ARGV[1]: cjson {callSid}
-- Returns cjson {found, ticket}
local args = cjson.decode(ARGV[1])
local raw = redis.call('GET', KEYS[1])
if not raw then return cjson.encode({found = false}) end
local ticket = cjson.decode(raw)
local owner = ticket.callSid
if owner == nil or owner == cjson.null or owner == '' then
  ticket.callSid = args.callSid
  redis.call('SET', KEYS[1], cjson.encode(ticket), 'KEEPTTL')
elseif owner ~= args.callSid then
  return cjson.encode({found = false})
end
return cjson.encode({found = true, ticket = ticket})
