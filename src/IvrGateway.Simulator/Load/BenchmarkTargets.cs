using System.Globalization;

namespace IvrGateway.Simulator.Load;

/// <summary>One target of the benchmark, judged against the measured figure.</summary>
public sealed record TargetCheck(string Target, string Measured, bool Met);

/// <summary>
/// The six runs of <c>bench/run.sh</c>, against the baseline and against the gateway: the latency run (saturation:
/// request loops with no think time), the paced run (calls in flight at a caller's pace) and the burst.
/// </summary>
public sealed record BenchmarkRuns(
    LoadReport BaselineLatency,
    LoadReport BaselinePaced,
    LoadReport BaselineBurst,
    LoadReport GatewayLatency,
    LoadReport GatewayPaced,
    LoadReport GatewayBurst,
    LoadReport? Census);

/// <summary>The gateway's performance targets, measured together with the baseline on one machine.</summary>
public static class BenchmarkTargets
{
    public const double ThroughputShare = 0.5;
    public const double P99Milliseconds = 25;
    public const int CallsInFlight = 100;
    public const double RoundTripsPerWebhook = 1.5;
    public const int BurstCallers = 10_000;
    public const int BurstMeetings = 1_000;
    public const double BurstWindowSeconds = 60;
    public const double PeakWorkingSetMb = 300;

    /// <summary>Gateway webhook requests/s over the baseline's, in the run where both were limited by their own speed.</summary>
    public static double ThroughputRatio(LoadReport gateway, LoadReport baseline) =>
        baseline.Rates.WebhooksPerSecond <= 0 ? 0 : gateway.Rates.WebhooksPerSecond / baseline.Rates.WebhooksPerSecond;

    /// <summary>
    /// Round trips per webhook: exact from a MONITOR census when there is one (every command a
    /// client sent); otherwise EVALSHA + EVAL, the gateway's script calls, which miss any plain
    /// command it sends directly.
    /// </summary>
    public static (double PerWebhook, string How) RoundTrips(BenchmarkRuns runs) =>
        runs.Census?.Census is { } census
            ? (census.ClientCommandsPerWebhook, $"every command clients sent, from MONITOR on a {runs.Census.Calls.Total}-call census run")
            : (runs.GatewayBurst.Redis?.ScriptCallsPerWebhook ?? double.NaN, "EVALSHA + EVAL only (no census): plain commands not counted");

    public static double PeakMemory(params LoadReport[] gatewayRuns) =>
        gatewayRuns.Select(run => run.GatewayProcess is { } g ? Math.Max(g.PeakWorkingSetMb, g.LifetimePeakMb) : double.NaN).DefaultIfEmpty(double.NaN).Max();

    public static IReadOnlyList<TargetCheck> Check(BenchmarkRuns runs)
    {
        var latency = runs.GatewayLatency;
        var paced = runs.GatewayPaced;
        var burst = runs.GatewayBurst;
        // Shown rounded down, so a ratio just under the target never reads as exactly the target.
        var ratio = ThroughputRatio(latency, runs.BaselineLatency);
        var (trips, how) = RoundTrips(runs);
        var memory = PeakMemory(latency, paced, burst);
        var fullBurst = burst.Shape.Callers >= BurstCallers && burst.Shape.Meetings >= BurstMeetings && burst.Shape.WindowSeconds <= BurstWindowSeconds;
        // The latency target is about calls in flight, which spend most of their time between webhooks: judged on the
        // paced run, never on the saturation run, whose latency is mostly queueing behind the other request loops.
        var fullPaced = paced.Shape.Paced && paced.Slots.PeakInFlight >= CallsInFlight;
        var worstStep = paced.Steps.OrderByDescending(step => step.Latency.P99).FirstOrDefault();
        return
        [
            new(F($"Webhook steps at ≥ {ThroughputShare * 100:0}% of the baseline's requests/s"),
                F($"{Math.Floor(ratio * 10_000) / 100:0.00}%: {latency.Rates.WebhooksPerSecond:0} vs {runs.BaselineLatency.Rates.WebhooksPerSecond:0} webhooks/s ") +
                F($"with {latency.Shape.Concurrency} calls in flight (burst: {ThroughputRatio(burst, runs.BaselineBurst) * 100:0}%, paced by arrivals)"),
                ratio >= ThroughputShare),
            new(F($"p99 step latency ≤ {P99Milliseconds} ms with {CallsInFlight} calls in flight at a caller's pace ") +
                F($"({paced.Shape.ThinkSeconds:0.###} s between prompts and keys, {paced.Shape.StaySeconds:0.###} s in the conference)"),
                F($"p99 {paced.Overall.P99:0.0} ms over all steps (worst step {worstStep?.Step ?? "-"} {worstStep?.Latency.P99 ?? 0:0.0} ms), ") +
                F($"peak {paced.Slots.PeakInFlight} in flight (mean {paced.Slots.MeanInFlight:0.0}); the baseline's p99 in the same conditions: {runs.BaselinePaced.Overall.P99:0.0} ms") +
                (fullPaced ? "" : F($" (not a paced run with {CallsInFlight} calls in flight: the target needs one)")) +
                F($". Not the target's conditions, for comparison: at saturation ({latency.Shape.Concurrency} back-to-back request loops, no think time) ") +
                F($"the p99 is {latency.Overall.P99:0.0} ms for the gateway and {runs.BaselineLatency.Overall.P99:0.0} ms for the baseline, mostly queueing"),
                fullPaced && paced.Overall.P99 <= P99Milliseconds),
            new(F($"≤ {RoundTripsPerWebhook} Redis round trips per webhook step on average"),
                double.IsNaN(trips) ? "not measured (no --redis)" : F($"{trips:0.00} per webhook ({how})"),
                !double.IsNaN(trips) && trips <= RoundTripsPerWebhook),
            new(F($"{BurstCallers:N0} callers into {BurstMeetings:N0} meetings over {BurstWindowSeconds} s with zero failed calls"),
                F($"{burst.Shape.Callers:N0} callers, {burst.Shape.Meetings:N0} meetings, {burst.Shape.WindowSeconds} s: {burst.Calls.Failed} failed, {burst.Calls.Bridged:N0} bridged") +
                (fullBurst ? "" : " (a reduced run: the target needs the full size)"),
                fullBurst && burst.Calls.Failed == 0 && burst.Calls.Bridged == burst.Shape.Callers),
            new(F($"Gateway peak working set ≤ {PeakWorkingSetMb} MB"),
                double.IsNaN(memory) ? "not measured (no --gateway-pid)" : F($"{memory:0} MB (VmHWM and sampled VmRSS, every gateway run)"),
                !double.IsNaN(memory) && memory <= PeakWorkingSetMb),
        ];
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
