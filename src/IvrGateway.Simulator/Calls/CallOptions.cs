namespace IvrGateway.Simulator.Calls;

/// <summary>One simulated inbound call: where the gateway is, who calls whom, and how time passes.</summary>
public sealed record CallOptions
{
    public const string DefaultVoicePath = "/voice/incoming";
    public const string DefaultStatusCallbackPath = "/voice/status";
    public const string DefaultFrom = "+12025550101";
    public const string DefaultTo = "+15557650000";

    /// <summary>The gateway's base URL, such as <c>http://127.0.0.1:5080</c>; the paths below are appended to it.</summary>
    public required Uri Gateway { get; init; }

    /// <summary>The auth token that signs every request (<c>X-Twilio-Signature</c>).</summary>
    public required string AuthToken { get; init; }

    /// <summary>The number's Voice URL path.</summary>
    public string VoicePath { get; init; } = DefaultVoicePath;

    /// <summary>The number's call status callback path, which gets <c>CallStatus=completed</c> at the end.</summary>
    public string StatusCallbackPath { get; init; } = DefaultStatusCallbackPath;

    public string From { get; init; } = DefaultFrom;

    public string To { get; init; } = DefaultTo;

    /// <summary>How long the caller stays in a conference before hanging up.</summary>
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

    /// <summary>A guard against redirect loops: the call fails after this many TwiML documents.</summary>
    public int MaxDocuments { get; init; } = 100;

    internal Uri VoiceUrl => Resolve(VoicePath);

    internal Uri StatusCallbackUrl => Resolve(StatusCallbackPath);

    internal void Validate()
    {
        if (!Gateway.IsAbsoluteUri || Gateway.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"The gateway URL must be an absolute http(s) URL, not \"{Gateway}\".", nameof(Gateway));
        }
        ArgumentException.ThrowIfNullOrEmpty(AuthToken);
        ArgumentOutOfRangeException.ThrowIfLessThan(StayInConference, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(Retries);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDocuments, 1);
    }

    // Appended rather than resolved, so a gateway mounted under a path prefix keeps its prefix.
    private Uri Resolve(string path) => new(Gateway.AbsoluteUri.TrimEnd('/') + "/" + path.TrimStart('/'));
}
