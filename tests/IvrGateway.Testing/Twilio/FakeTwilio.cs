using System.Globalization;
using IvrGateway.Simulator.Calls;

namespace IvrGateway.Testing.Twilio;

/// <summary>
/// Twilio's side of calls into one gateway, played by the simulator: every request signed with the
/// gateway's auth token and sequenced as Twilio does it. The same fake serves the end-to-end tests (a
/// gateway process over sockets) and the in-process tests (the test server's handler).
/// </summary>
public sealed class FakeTwilio(CallSimulator simulator, Uri gateway, string authToken, string dialInNumber)
{
    /// <summary>Over <paramref name="handler"/>, such as <c>WebApplicationFactory.Server.CreateHandler()</c>, on the given clock.</summary>
    public FakeTwilio(HttpMessageHandler handler, TimeProvider time, Uri gateway, string authToken, string dialInNumber)
        : this(new CallSimulator(handler, time), gateway, authToken, dialInNumber)
    {
    }

    public CallSimulator Simulator => simulator;

    /// <summary>A call from <paramref name="from"/> to the dial-in number; fast, so no real time passes in prompts or the conference.</summary>
    public CallOptions Options(string from) => new()
    {
        Gateway = gateway,
        AuthToken = authToken,
        From = from,
        To = dialInNumber,
        Fast = true,
    };

    /// <summary>Calls and types <paramref name="entries"/> (such as <c>1234567890#</c>) at successive prompts, then hangs up when they run out.</summary>
    public Task<CallResult> DialAsync(string from, IReadOnlyList<string> entries, CancellationToken ct) =>
        DialAsync(Options(from), entries, null, ct);

    /// <param name="observer">Sees the call's events as they happen, to sequence another call against this one.</param>
    public async Task<CallResult> DialAsync(CallOptions options, IReadOnlyList<string> entries, ICallObserver? observer, CancellationToken ct)
    {
        var result = await simulator.DialAsync(options, new ScriptedKeypad(entries), observer, ct);
        AssertTwilioWasAnswered(result);
        return result;
    }

    /// <summary>
    /// Twilio plays its "application error" on any non-2xx answer or invalid TwiML, so every webhook
    /// of every call, callbacks included, must have succeeded whatever the journey.
    /// </summary>
    public static void AssertTwilioWasAnswered(CallResult call)
    {
        var failed = call.Webhooks.Where(w => !w.Succeeded).Select(w => $"{w.Method} {w.Url.PathAndQuery} -> {w.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? w.Failure}").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(call.Error, Is.Null, $"the gateway failed the call: {call.Error}{Environment.NewLine}{call.Transcript()}");
            Assert.That(failed, Is.Empty, "every webhook is answered with 2xx");
        });
    }

    /// <summary>
    /// The browser leg of joining online: Twilio requests the TwiML App's voice URL for the Voice SDK client
    /// <paramref name="identity"/> with the join ticket the page passed to <c>device.connect</c>, then the conference.
    /// </summary>
    public async Task<CallResult> ConnectBrowserAsync(string identity, string ticket, CancellationToken ct)
    {
        var options = BrowserCalls.Options(gateway, authToken, identity, ticket) with { Fast = true };
        var result = await simulator.DialAsync(options, new ScriptedKeypad([]), null, ct);
        AssertTwilioWasAnswered(result);
        return result;
    }
}
