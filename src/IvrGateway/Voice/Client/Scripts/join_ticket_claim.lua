-- Claims a browser's join ticket for the one call that presents it, and only for the browser it was issued to. The
-- identity is compared before the claim, in the same script: a leaked ticket presented by another browser (another
-- client:<identity>, which Twilio takes from that browser's own Access Token) is refused and leaves the ticket unclaimed,
-- so the browser it was issued to still gets in. Of two calls of the right browser, the first claims it (SET NX of its
-- CallSid); Twilio's retry of the same call finds its own CallSid and is answered the same.
-- KEYS: 1 the ticket (the JoinTicket's JSON, camelCase), 2 the claim (the CallSid holding the ticket); one hash tag
-- ARGV[1]: cjson {callSid, identity, claimMs}
-- Returns cjson {found, otherBrowser, ticket (the stored JSON, for the right browser), holder (the CallSid holding the claim)}
local args = cjson.decode(ARGV[1])
local raw = redis.call('GET', KEYS[1])
if not raw then return cjson.encode({found = false, otherBrowser = false}) end
if cjson.decode(raw).identity ~= args.identity then
  return cjson.encode({found = true, otherBrowser = true})
end
redis.call('SET', KEYS[2], args.callSid, 'PX', args.claimMs, 'NX')
return cjson.encode({found = true, otherBrowser = false, ticket = raw, holder = redis.call('GET', KEYS[2])})
