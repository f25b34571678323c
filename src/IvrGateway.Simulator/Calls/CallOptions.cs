namespace IvrGateway.Simulator.Calls;

/// <summary>One simulated call (inbound, or placed through the fake REST API): where the gateway is, who calls whom, and how time passes.</summary>
public sealed record CallOptions
{
    public const string DefaultVoicePath = "/voice/incoming";
    public const string DefaultStatusCallbackPath = "/voice/status";
    public const string DefaultFrom = "+12025550101";
    public const string DefaultTo = "+15557650000";
    public const string Inbound = "inbound";
    public const string OutboundApi = "outbound-api";

    /// <summary>The gateway's base URL, such as <c>http://127.0.0.1:5080</c>; the paths below are appended to it.</summary>
    public required Uri Gateway { get; init; }

    /// <summary>The auth token that signs every request (<c>X-Twilio-Signature</c>).</summary>
    public required string AuthToken { get; init; }

    /// <summary>The number's Voice URL: a path appended to <see cref="Gateway"/>, or an absolute http(s) URL.</summary>
    public string VoicePath { get; init; } = DefaultVoicePath;

    /// <summary>How the Voice URL is requested (a placed call's <c>Method</c>).</summary>
    public HttpMethod VoiceMethod { get; init; } = HttpMethod.Post;

    /// <summary>
    /// The call status callback, a path or an absolute URL, which gets <c>CallStatus=completed</c> at the end;
    /// null sends none (a placed call created without <c>StatusCallback</c>).
    /// </summary>
    public string? StatusCallbackPath { get; init; } = DefaultStatusCallbackPath;

    public HttpMethod StatusCallbackMethod { get; init; } = HttpMethod.Post;

    /// <summary>
    /// The call progress events sent to the status callback besides <c>completed</c>
    /// (a placed call's <c>StatusCallbackEvent</c>: <c>initiated</c>, <c>ringing</c>, <c>answered</c>).
    /// </summary>
    public IReadOnlySet<string> StatusCallbackEvents { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary><see cref="Inbound"/>, or <see cref="OutboundApi"/> for a call placed through the REST API (answered at once, so its first request says <c>in-progress</c>).</summary>
    public string Direction { get; init; } = Inbound;

    public string From { get; init; } = DefaultFrom;

    public string To { get; init; } = DefaultTo;

    /// <summary>
    /// How long the caller stays in a conference before hanging up; <see cref="Timeout.InfiniteTimeSpan"/> stays until
    /// removed, the conference ends or the call is hung up through the REST API (even with <see cref="Fast"/>).
    /// </summary>
    public TimeSpan StayInConference { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Skip every real wait (Pause, the conference stay); the skipped time still counts in the reported durations.</summary>
    public bool Fast { get; init; }

    /// <summary>A fixed <c>CallSid</c>; a new random one when null.</summary>
    public string? CallSid { get; init; }

    /// <summary>The <c>AccountSid</c>; the simulator's own when null.</summary>
    public string? AccountSid { get; init; }

    /// <summary>Twilio's limit for one webhook answer.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a request that got no HTTP answer is sent again (same idempotency token); Twilio's default is 1.</summary>
    public int Retries { get; init; } = 1;

    /// <summary>
    /// Extra fields on the first request to the Voice URL: the custom parameters a browser passes to the Voice SDK's
    /// <c>device.connect({ params })</c>, which Twilio adds to the TwiML App's request (see <see cref="BrowserCalls"/>).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    /// <summary>A guard against redirect loops: the call fails after this many TwiML documents.</summary>
    public int MaxDocuments { get; init; } = 100;

    internal Uri VoiceUrl => Resolve(VoicePath);

    internal Uri? StatusCallbackUrl => StatusCallbackPath is null ? null : Resolve(StatusCallbackPath);

    internal void Validate()
    {
        if (!Gateway.IsAbsoluteUri || Gateway.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"The gateway URL must be an absolute http(s) URL, not \"{Gateway}\".", nameof(Gateway));
        }
        ArgumentException.ThrowIfNullOrEmpty(AuthToken);
        if (StayInConference < TimeSpan.Zero && StayInConference != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(StayInConference), StayInConference, "The stay cannot be negative (Timeout.InfiniteTimeSpan stays until told to leave).");
        }
        if (Direction is not (Inbound or OutboundApi))
        {
            throw new ArgumentException($"The direction must be {Inbound} or {OutboundApi}, not \"{Direction}\".", nameof(Direction));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(Retries);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDocuments, 1);
    }

    // Appended rather than resolved, so a gateway mounted under a path prefix keeps its prefix.
    private Uri Resolve(string path) =>
        Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute
            : new(Gateway.AbsoluteUri.TrimEnd('/') + "/" + path.TrimStart('/'));
}
