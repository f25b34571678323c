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
    public static CallOptions Options(string from) => EndToEnd.Twilio.Options(from);

    /// <summary>Calls and types <paramref name="entries"/> (such as <c>1234567890#</c>) at successive prompts, then hangs up when they run out.</summary>
    public static Task<CallResult> DialAsync(string from, IReadOnlyList<string> entries, CancellationToken ct) =>
        EndToEnd.Twilio.DialAsync(from, entries, ct);

    /// <param name="observer">Sees the call's events as they happen, to sequence another call against this one.</param>
    public static Task<CallResult> DialAsync(CallOptions options, IReadOnlyList<string> entries, ICallObserver? observer, CancellationToken ct) =>
        EndToEnd.Twilio.DialAsync(options, entries, observer, ct);
}
