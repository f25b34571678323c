using System.Globalization;
using IvrGateway.Simulator.Calls;

namespace IvrGateway.EndToEndTests.Support;

/// <summary>Calls into the gateway through the simulator, signed and sequenced exactly as Twilio does it.</summary>
internal static class Phone
{
    private static int lastNumber = 100;

    /// <summary>A caller number no other simulated call in this run uses, so lockouts and names never cross between tests.</summary>
    public static string NewNumber() => "+1202555" + Interlocked.Increment(ref lastNumber).ToString("0000", CultureInfo.InvariantCulture);

    /// <summary>A call from <paramref name="from"/> to the dial-in number; fast, so no real time passes in prompts or the conference.</summary>
    public static CallOptions Options(string from) => new()
    {
        Gateway = EndToEnd.Gateway.BaseUrl,
        AuthToken = EndToEnd.Gateway.Secrets.AuthToken,
        From = from,
        To = GatewayProcess.DialInNumber,
        Fast = true,
    };

    /// <summary>Calls and types <paramref name="entries"/> (such as <c>1234567890#</c>) at successive prompts, then hangs up when they run out.</summary>
    public static Task<CallResult> DialAsync(string from, IReadOnlyList<string> entries, CancellationToken ct) =>
        DialAsync(Options(from), entries, null, ct);

    /// <param name="observer">Sees the call's events as they happen, to sequence another call against this one.</param>
    public static async Task<CallResult> DialAsync(CallOptions options, IReadOnlyList<string> entries, ICallObserver? observer, CancellationToken ct)
    {
        var result = await EndToEnd.Simulator.DialAsync(options, new ScriptedKeypad(entries), observer, ct);
        AssertTwilioWasAnswered(result);
        return result;
    }

    /// <summary>What the caller heard, one prompt per line, for assertion messages.</summary>
    public static string Transcript(this CallResult call) =>
        $"call {call.CallSid} ({call.Outcome}) heard:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", call.Heard);

    /// <summary>How many entries the caller typed: one per prompt that was answered.</summary>
    public static int EntriesTyped(this CallResult call) => call.Events.OfType<KeysPressed>().Count();

    /// <summary>
    /// Twilio plays its "application error" on any non-2xx answer or invalid TwiML, so every webhook
    /// of every call, callbacks included, must have succeeded whatever the journey.
    /// </summary>
    private static void AssertTwilioWasAnswered(CallResult call)
    {
        var failed = call.Webhooks.Where(w => !w.Succeeded).Select(w => $"{w.Method} {w.Url.PathAndQuery} -> {w.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? w.Failure}").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(call.Error, Is.Null, $"the gateway failed the call: {call.Error}{Environment.NewLine}{call.Transcript()}");
            Assert.That(failed, Is.Empty, "every webhook is answered with 2xx");
        });
    }
}
