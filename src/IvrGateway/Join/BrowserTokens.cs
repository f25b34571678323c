using Microsoft.Extensions.Options;
using Twilio.Jwt.AccessToken;

namespace IvrGateway.Join;

/// <summary>Access Tokens for the Voice SDK: a Voice grant that may only call out through the TwiML App, signed with the API key.</summary>
public sealed class BrowserTokens(IOptions<BrowserAudioOptions> options)
{
    /// <summary>Long enough to connect once; the ticket inside the call is what admits, and it lives a minute.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public string Mint(string identity, DateTimeOffset now)
    {
        var o = options.Value;
        var grant = new VoiceGrant { OutgoingApplicationSid = o.TwimlAppSid, IncomingAllow = false };
        var token = new Token(o.AccountSid, o.ApiKeySid, o.ApiKeySecret, identity, expiration: (now + Lifetime).UtcDateTime,
            grants: [grant]);
        return token.ToJwt();
    }
}
