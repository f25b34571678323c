namespace IvrGateway.Simulator.Calls;

public enum CallOutcome
{
    /// <summary>The caller was bridged into a conference.</summary>
    Bridged,

    /// <summary>The gateway hung up, rejected the call, or ran out of TwiML without bridging.</summary>
    Refused,

    /// <summary>The keypad ran out of entries or the person at the keypad quit.</summary>
    CallerHungUp,

    /// <summary>The gateway could not be reached or did not answer with valid TwiML.</summary>
    Error,
}

public enum CallErrorKind
{
    /// <summary>No HTTP answer at all, even after the retry.</summary>
    Unreachable,

    /// <summary>No answer within Twilio's time limit.</summary>
    Timeout,

    /// <summary>An HTTP answer that is not 2xx.</summary>
    HttpStatus,

    /// <summary>A 2xx answer that is not TwiML Twilio would accept.</summary>
    InvalidTwiml,

    /// <summary>Valid TwiML that the simulator does not play (such as <c>&lt;Record&gt;</c> or <c>&lt;Dial&gt;</c> to a number).</summary>
    Unsupported,
}

/// <param name="Request">The request that failed, such as <c>POST /voice/incoming</c>.</param>
/// <param name="Body">The start of the answer's body, when there was one.</param>
public sealed record CallError(CallErrorKind Kind, string Message, string Request, int? StatusCode = null, string? Body = null);

/// <summary>The conference a caller was bridged into, as the gateway's TwiML described it.</summary>
public sealed record ConferenceJoin(
    string Room,
    string ConferenceSid,
    string? ParticipantLabel,
    bool StartConferenceOnEnter,
    bool EndConferenceOnExit,
    Uri? WaitUrl,
    string Beep,
    Uri? StatusCallback,
    IReadOnlySet<string> StatusCallbackEvents);

public sealed record CallResult(
    string CallSid,
    CallOutcome Outcome,
    ConferenceJoin? Conference,
    IReadOnlyList<CallEvent> Events,
    TimeSpan Duration,
    CallError? Error)
{
    public string? ErrorMessage => Error?.Message;

    /// <summary>Every request sent, in order, with its status code and round-trip time.</summary>
    public IEnumerable<WebhookExchange> Webhooks => Events.OfType<WebhookExchange>();

    /// <summary>Everything the caller heard spoken, in order.</summary>
    public IEnumerable<string> Heard => Events.OfType<Said>().Select(said => said.Text);
}
