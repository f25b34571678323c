namespace IvrGateway.Simulator.Calls;

/// <summary>
/// The browser leg of "join online", as Twilio plays it: a Voice SDK client connects, and Twilio requests the TwiML App's
/// voice URL with <c>From=client:&lt;identity&gt;</c>, no <c>To</c> number, and the join ticket the page passed to
/// <c>device.connect</c>. The TwiML is then followed like any call's, into the conference.
/// </summary>
public static class BrowserCalls
{
    /// <summary>The gateway's TwiML App voice URL.</summary>
    public const string VoicePath = "/voice/client";

    public static CallOptions Options(Uri gateway, string authToken, string identity, string ticket) => new()
    {
        Gateway = gateway,
        AuthToken = authToken,
        VoicePath = VoicePath,
        From = "client:" + identity,
        To = "",
        // The TwiML App has no status callback: the conference callbacks keep the roster.
        StatusCallbackPath = null,
        Parameters = [new("ticket", ticket)],
    };
}
