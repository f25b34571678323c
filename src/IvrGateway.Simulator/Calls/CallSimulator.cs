using System.Collections.Concurrent;
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

    private readonly ConcurrentDictionary<string, LiveCall> liveCalls = new(StringComparer.Ordinal);

    /// <summary>The <c>AccountSid</c> of every call that does not set its own.</summary>
    public string AccountSid { get; } = TwilioSids.NewAccountSid();

    internal TimeProvider Time => time;

    /// <summary>The conferences this simulator's calls are in, which the fake REST API shows and controls.</summary>
    internal ConferenceRegistry Conferences { get; } = new();

    /// <summary>A call this simulator is playing now, by its CallSid.</summary>
    public LiveCall? FindLiveCall(string callSid) => liveCalls.GetValueOrDefault(callSid);

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
    public Task<CallResult> DialAsync(CallOptions options, IKeypad keypad, ICallObserver? observer = null, CancellationToken cancellationToken = default) =>
        Start(options, keypad, observer, cancellationToken).Completion;

    /// <summary>
    /// Starts one call and returns it at once, live: the REST API answers with it while it plays.
    /// Its <see cref="LiveCall.Completion"/> ends as <see cref="DialAsync"/> does.
    /// </summary>
    /// <exception cref="ArgumentException">The options are unusable, or a live call already has that CallSid.</exception>
    public LiveCall Start(CallOptions options, IKeypad keypad, ICallObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keypad);
        options.Validate();
        var fields = new CallFields(options.AccountSid ?? AccountSid, options.CallSid ?? TwilioSids.NewCallSid(), options.From, options.To, options.Direction);
        var live = new LiveCall(fields.CallSid, fields.AccountSid, options.From, options.To, options.Direction, time.GetUtcNow());
        if (!liveCalls.TryAdd(live.Sid, live))
        {
            throw new ArgumentException($"A call with CallSid {live.Sid} is already in progress.", nameof(options));
        }
        var webhooks = new WebhookClient(http, time, new TwilioSignature(options.AuthToken), options.RequestTimeout, options.Retries);
        var call = new CallSession(options, fields, webhooks, new CallClock(time, options.Fast), live, observer);
        _ = PlayAsync(new CallFlow(call, keypad, Conferences), live, cancellationToken);
        return live;
    }

    private async Task PlayAsync(CallFlow flow, LiveCall live, CancellationToken cancellationToken)
    {
        try
        {
            live.Complete(await flow.RunAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            live.Abandon(cancellationToken);
        }
        catch (Exception exception)
        {
            live.Fail(exception);
        }
        finally
        {
            liveCalls.TryRemove(live.Sid, out _);
        }
    }
}
