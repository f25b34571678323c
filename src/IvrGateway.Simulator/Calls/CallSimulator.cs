using IvrGateway.Simulator.Twilio;

namespace IvrGateway.Simulator.Calls;

/// <summary>
/// Plays Twilio's side of inbound calls against a gateway. Thread-safe: one instance and one
/// <see cref="HttpClient"/> can run thousands of concurrent calls, which then share conference SIDs and sequence numbers.
/// </summary>
public sealed class CallSimulator(HttpClient http, TimeProvider time)
{
    /// <summary>
    /// Plays Twilio through <paramref name="gateway"/>: <see cref="CreateHandler"/> for a gateway on the network, or
    /// an in-memory handler (such as a test server's) for a gateway in the same process. The handler is not disposed here.
    /// </summary>
    public CallSimulator(HttpMessageHandler gateway, TimeProvider time)
        // No client-wide timeout: every webhook has Twilio's own limit (CallOptions.RequestTimeout) on the given clock.
        : this(new HttpClient(gateway, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan }, time)
    {
    }

    private readonly ConferenceRegistry conferences = new();

    /// <summary>The <c>AccountSid</c> of every call that does not set its own.</summary>
    public string AccountSid { get; } = TwilioSids.NewAccountSid();

    /// <summary>
    /// A handler that behaves like Twilio's proxy: 5 s to connect, no cookies, and redirects not followed
    /// (a 3xx is a failure, as a redirect would drop the form fields).
    /// </summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    };

    /// <summary>Places one call and follows it to the end. Gateway failures become a <see cref="CallOutcome.Error"/> result, never an exception.</summary>
    /// <exception cref="ArgumentException">The options are unusable (such as a gateway URL that is not http(s)).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public Task<CallResult> DialAsync(CallOptions options, IKeypad keypad, ICallObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keypad);
        options.Validate();
        var fields = new CallFields(options.AccountSid ?? AccountSid, options.CallSid ?? TwilioSids.NewCallSid(), options.From, options.To);
        var webhooks = new WebhookClient(http, time, new TwilioSignature(options.AuthToken), options.RequestTimeout, options.Retries);
        var call = new CallSession(options, fields, webhooks, new CallClock(time, options.Fast), observer);
        return new CallFlow(call, keypad, conferences).RunAsync(cancellationToken);
    }
}
