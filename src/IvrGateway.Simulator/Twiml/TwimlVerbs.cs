namespace IvrGateway.Simulator.Twiml;

/// <summary>One verb of a TwiML document, with its URLs already resolved against the document's URL.</summary>
internal abstract record TwimlVerb;

internal sealed record SayVerb(string Text, string? Voice, string? Language, int Loop) : TwimlVerb;

/// <summary>Plays an audio URL, or DTMF tones when <see cref="Digits"/> is set.</summary>
internal sealed record PlayVerb(Uri? Url, string? Digits, int Loop) : TwimlVerb;

internal sealed record PauseVerb(TimeSpan Length) : TwimlVerb;

internal sealed record GatherVerb(
    Uri Action,
    HttpMethod Method,
    TimeSpan Timeout,
    string FinishOnKey,
    int? NumDigits,
    bool ActionOnEmptyResult,
    IReadOnlyList<TwimlVerb> Prompts) : TwimlVerb;

internal sealed record RedirectVerb(Uri Url, HttpMethod Method) : TwimlVerb;

internal sealed record HangupVerb : TwimlVerb;

internal sealed record RejectVerb(string Reason) : TwimlVerb;

internal sealed record DialVerb(ConferenceNoun Conference) : TwimlVerb;

internal sealed record ConferenceNoun(
    string Room,
    string? ParticipantLabel,
    bool StartConferenceOnEnter,
    bool EndConferenceOnExit,
    Uri? WaitUrl,
    HttpMethod WaitMethod,
    string Beep,
    Uri? StatusCallback,
    IReadOnlySet<string> StatusCallbackEvents,
    HttpMethod StatusCallbackMethod);

internal sealed record TwimlDocument(Uri Url, IReadOnlyList<TwimlVerb> Verbs);

/// <summary>Where a document is played: the call itself, or a conference's waitUrl (which allows fewer verbs).</summary>
internal enum TwimlScope
{
    Call,
    Wait,
}
