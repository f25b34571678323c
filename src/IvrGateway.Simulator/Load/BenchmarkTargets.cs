using System.Globalization;

namespace IvrGateway.Simulator.Load;

/// <summary>One target of the benchmark, judged against the measured figure.</summary>
public sealed record TargetCheck(string Target, string Measured, bool Met);

/// <summary>The four runs of <c>bench/run.sh</c>: a latency run and a burst, against the baseline and against the gateway.</summary>
public sealed record BenchmarkRuns(LoadReport BaselineLatency, LoadReport BaselineBurst, LoadReport GatewayLatency, LoadReport GatewayBurst, LoadReport? Census);

/// <summary>The gateway's performance targets, measured together with the baseline on one machine.</summary>
public static class BenchmarkTargets
{
    public const double ThroughputShare = 0.5;
    public const double P99Milliseconds = 25;
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
        var burst = runs.GatewayBurst;
        // Shown rounded down, so a ratio just under the target never reads as exactly the target.
        var ratio = ThroughputRatio(latency, runs.BaselineLatency);
        var (trips, how) = RoundTrips(runs);
        var memory = PeakMemory(latency, burst);
        var fullBurst = burst.Shape.Callers >= BurstCallers && burst.Shape.Meetings >= BurstMeetings && burst.Shape.WindowSeconds <= BurstWindowSeconds;
        var worstStep = latency.Steps.OrderByDescending(step => step.Latency.P99).FirstOrDefault();
        return
        [
            new(F($"Webhook steps at ≥ {ThroughputShare * 100:0}% of the baseline's requests/s"),
                F($"{Math.Floor(ratio * 10_000) / 100:0.00}%: {latency.Rates.WebhooksPerSecond:0} vs {runs.BaselineLatency.Rates.WebhooksPerSecond:0} webhooks/s ") +
                F($"with {latency.Shape.Concurrency} calls in flight (burst: {ThroughputRatio(burst, runs.BaselineBurst) * 100:0}%, paced by arrivals)"),
                ratio >= ThroughputShare),
            new(F($"p99 step latency ≤ {P99Milliseconds} ms with {latency.Shape.Concurrency} calls in flight"),
                F($"p99 {latency.Overall.P99:0.0} ms over all steps (worst step {worstStep?.Step ?? "-"} {worstStep?.Latency.P99 ?? 0:0.0} ms), peak {latency.Slots.PeakInFlight} in flight; ") +
                F($"the baseline's p99 in the same conditions: {runs.BaselineLatency.Overall.P99:0.0} ms"),
                latency.Overall.P99 <= P99Milliseconds),
            new(F($"≤ {RoundTripsPerWebhook} Redis round trips per webhook step on average"),
                double.IsNaN(trips) ? "not measured (no --redis)" : F($"{trips:0.00} per webhook ({how})"),
                !double.IsNaN(trips) && trips <= RoundTripsPerWebhook),
            new(F($"{BurstCallers:N0} callers into {BurstMeetings:N0} meetings over {BurstWindowSeconds} s with zero failed calls"),
                F($"{burst.Shape.Callers:N0} callers, {burst.Shape.Meetings:N0} meetings, {burst.Shape.WindowSeconds} s: {burst.Calls.Failed} failed, {burst.Calls.Bridged:N0} bridged") +
                (fullBurst ? "" : " (a reduced run: the target needs the full size)"),
                fullBurst && burst.Calls.Failed == 0 && burst.Calls.Bridged == burst.Shape.Callers),
            new(F($"Gateway peak working set ≤ {PeakWorkingSetMb} MB"),
                double.IsNaN(memory) ? "not measured (no --gateway-pid)" : F($"{memory:0} MB (VmHWM and sampled VmRSS, both runs)"),
                !double.IsNaN(memory) && memory <= PeakWorkingSetMb),
        ];
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
