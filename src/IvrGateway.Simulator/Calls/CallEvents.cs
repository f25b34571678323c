namespace IvrGateway.Simulator.Calls;

/// <summary>Something that happened on the call, in the order it happened.</summary>
public abstract record CallEvent;

public enum WebhookKind
{
    /// <summary>A request whose answer is the TwiML to follow: the Voice URL, a Gather action, a Redirect.</summary>
    Twiml,

    /// <summary>A conference's <c>waitUrl</c>.</summary>
    WaitUrl,

    /// <summary>A conference status callback (<c>participant-join</c> and so on).</summary>
    ConferenceStatus,

    /// <summary>The number's call status callback.</summary>
    CallStatus,
}

/// <param name="Detail">For callbacks, the event or status sent: <c>participant-join</c>, <c>completed</c>.</param>
/// <param name="StatusCode">Null when no HTTP answer came (see <paramref name="Failure"/>).</param>
/// <param name="Elapsed">The round trip, retries included.</param>
/// <param name="Url">The URL asked for; a GET carries <paramref name="Fields"/> in its query string on top.</param>
/// <param name="Fields">The form fields sent.</param>
public sealed record WebhookExchange(
    WebhookKind Kind,
    string? Detail,
    string Method,
    Uri Url,
    int? StatusCode,
    TimeSpan Elapsed,
    int Attempts,
    string? Failure,
    IReadOnlyList<KeyValuePair<string, string>> Fields) : CallEvent
{
    public string Path => Url.AbsolutePath;

    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <param name="WhileWaiting">Heard from a conference's waitUrl, before the conference started.</param>
public sealed record Said(string Text, string? Voice, string? Language, int Loop, bool WhileWaiting) : CallEvent;

/// <summary>Audio played to the caller, or DTMF tones when <paramref name="Digits"/> is set.</summary>
public sealed record Played(Uri? Url, string? Digits, int Loop, bool WhileWaiting) : CallEvent;

public sealed record Paused(TimeSpan Length, bool WhileWaiting) : CallEvent;

/// <param name="Keys">What the caller pressed.</param>
/// <param name="Digits">What Twilio sends as <c>Digits</c>: the keys before the finish key.</param>
/// <param name="FinishedOnKey">The finish key pressed, or empty.</param>
public sealed record KeysPressed(string Keys, string Digits, string FinishedOnKey) : CallEvent;

/// <param name="ContinuesWithNextVerb">True when Twilio moves on to the next verb rather than calling the action.</param>
public sealed record NoInput(TimeSpan Timeout, bool ContinuesWithNextVerb) : CallEvent;

/// <param name="Followed">False for a Redirect in a waitUrl document, which the simulator reports but does not loop on.</param>
public sealed record Redirected(Uri Url, string Method, bool Followed) : CallEvent;

public sealed record JoinedConference(ConferenceJoin Conference) : CallEvent;

/// <param name="Callbacks">The callbacks sent as the call ended, such as <c>participant-leave</c>, <c>completed</c>.</param>
public sealed record CallEnded(CallOutcome Outcome, string Reason, TimeSpan Duration, IReadOnlyList<string> Callbacks) : CallEvent;
