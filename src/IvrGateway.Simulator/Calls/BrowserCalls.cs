namespace IvrGateway.Simulator.Calls;

/// <summary>
/// The browser leg of "join online", as Twilio plays it: a Voice SDK client connects, and Twilio requests the TwiML App's
/// voice URL with <c>From=client:&lt;identity&gt;</c>, no <c>To</c> number, and the join ticket the page passed to
/// <c>device.connect</c>. The TwiML is then followed like any call's, into the conference, and the call's end goes to the
/// TwiML App's status callback (<c>/voice/status</c>), which closes the browser's call-log record even when it never got into
/// the conference.
/// </summary>
public static class BrowserCalls
{
    /// <summary>The gateway's TwiML App voice URL.</summary>
    public const string VoicePath = "/voice/client";

    /// <summary>The gateway's TwiML App status callback URL.</summary>
    public const string StatusPath = CallOptions.DefaultStatusCallbackPath;

    public static CallOptions Options(Uri gateway, string authToken, string identity, string ticket) => new()
    {
        Gateway = gateway,
        AuthToken = authToken,
        VoicePath = VoicePath,
        From = "client:" + identity,
        To = "",
        // The TwiML App's Status Callback URL, as docs/join-online.md asks it to be set.
        StatusCallbackPath = StatusPath,
        Parameters = [new("ticket", ticket)],
    };
}
