using System.Globalization;
using System.Text;

namespace IvrGateway.Simulator.Load;

/// <summary>The figures and the target check-list of <c>bench/RESULTS.md</c>, from the runs' JSON reports.</summary>
public static class BenchmarkMarkdown
{
    public static string Write(BenchmarkRuns runs)
    {
        var text = new StringBuilder();
        var columns = new[] { runs.BaselineLatency, runs.GatewayLatency, runs.BaselinePaced, runs.GatewayPaced, runs.BaselineBurst, runs.GatewayBurst };
        text.AppendLine("| | baseline, latency run | gateway, latency run | baseline, paced run | gateway, paced run | baseline, burst | gateway, burst |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        Row(text, "callers / meetings", columns, r => F($"{r.Shape.Callers:N0} / {r.Shape.Meetings:N0}"));
        Row(text, "window / concurrency limit", columns, r => F($"{r.Shape.WindowSeconds:0.#} s / {r.Shape.Concurrency}"));
        Row(text, "think time / stay in the conference", columns, r => r.Shape.Paced
            ? F($"{r.Shape.ThinkSeconds:0.###} s / {r.Shape.StaySeconds:0.###} s")
            : F($"none / {r.Shape.StaySeconds:0.###} s, not waited"));
        Row(text, "calls bridged / failed", columns, r => F($"{r.Calls.Bridged:N0} / {r.Calls.Failed:N0}"));
        Row(text, "run time", columns, r => F($"{r.Rates.DurationSeconds:0.0} s"));
        Row(text, "calls/s", columns, r => F($"{r.Rates.CallsPerSecond:0.0}"));
        Row(text, "**webhook requests/s**", columns, r => F($"**{r.Rates.WebhooksPerSecond:0}**"));
        Row(text, "webhooks (failed)", columns, r => F($"{r.Rates.Webhooks:N0} ({r.Rates.FailedWebhooks})"));
        Row(text, "calls in flight, peak / mean (callers that waited for a slot)", columns,
            r => F($"{r.Slots.PeakInFlight} / {r.Slots.MeanInFlight:0.0} ({r.Slots.WaitedForSlot:N0})"));
        Row(text, "latency p50 / p95 / p99 / max, all steps", columns, r => Latency(r.Overall));
        foreach (var step in columns.SelectMany(r => r.Steps.Select(s => s.Step)).Distinct(StringComparer.Ordinal))
        {
            Row(text, $"&nbsp;&nbsp;{step}", columns, r => r.Steps.FirstOrDefault(s => s.Step == step) is { } found
                ? Latency(found.Latency) + F($" ({found.Latency.Count:N0})")
                : "-");
        }
        Row(text, "Redis commands per webhook (inside scripts included)", columns, r => r.Redis is { } x ? F($"{x.CommandsPerWebhook:0.00}") : "-");
        Row(text, "Redis commands per call", columns, r => r.Redis is { } x ? F($"{x.CommandsPerCall:0.0}") : "-");
        Row(text, "EVALSHA + EVAL per webhook", columns, r => r.Redis is { } x ? F($"{x.ScriptCallsPerWebhook:0.00}") : "-");
        Row(text, "top Redis commands (calls)", columns, r => r.Redis is { } x
            ? string.Join(", ", x.TopCommands.Take(6).Select(c => F($"{c.Command} {c.Calls:N0}")))
            : "-");
        Row(text, "Redis CPU", columns, r => r.Redis is { } x ? F($"{x.CpuSeconds:0.0} s") : "-");
        Row(text, "app CPU (ms per webhook)", columns, r => r.GatewayProcess is { } g
            ? F($"{g.CpuSeconds:0.0} s ({g.CpuSeconds * 1000 / Math.Max(1, r.Rates.Webhooks):0.00})")
            : "-");
        Row(text, "load tool CPU", columns, r => F($"{r.LoadToolCpuSeconds:0.0} s"));
        Row(text, "CPU of other processes and the kernel (machine busy − app − Redis − tool)", columns, r => F($"{Others(r):0.0} s"));
        Row(text, "app peak working set (sampled VmRSS / VmHWM)", columns, r => r.GatewayProcess is { } g
            ? F($"{g.PeakWorkingSetMb:0} MB / {g.LifetimePeakMb:0} MB")
            : "-");
        text.AppendLine();

        text.AppendLine(F($"Gateway/baseline webhook requests/s: **{BenchmarkTargets.ThroughputRatio(runs.GatewayLatency, runs.BaselineLatency):0.00}** in the latency run ") +
            F($"(both held at {runs.GatewayLatency.Shape.Concurrency} calls in flight, so each ran as fast as it could), ") +
            F($"{BenchmarkTargets.ThroughputRatio(runs.GatewayBurst, runs.BaselineBurst):0.00} in the burst (paced by the arrival schedule, so near 1 when both keep up)."));
        text.AppendLine();

        if (runs.Census?.Census is { } census)
        {
            text.AppendLine(F($"Redis census (MONITOR during a separate {runs.Census.Calls.Total}-call run against the gateway, {runs.Census.Rates.Webhooks:N0} webhooks): ") +
                F($"clients sent {census.ClientCommands:N0} commands ({census.ClientCommandsPerWebhook:0.00} per webhook: ") +
                string.Join(", ", census.ByClient.OrderByDescending(p => p.Value).Select(p => F($"{p.Key} {p.Value:N0}"))) +
                F($"); scripts ran {census.ScriptCommands:N0} (") +
                string.Join(", ", census.ByScript.OrderByDescending(p => p.Value).Take(10).Select(p => F($"{p.Key} {p.Value:N0}"))) + ").");
            text.AppendLine();
        }

        text.AppendLine("## Targets");
        text.AppendLine();
        foreach (var check in BenchmarkTargets.Check(runs))
        {
            text.AppendLine(F($"- [{(check.Met ? "x" : " ")}] **{(check.Met ? "met" : "not met")}**: {check.Target}. Measured: {check.Measured}."));
        }
        return text.ToString();
    }

    /// <summary>What else ran on the machine during the run: other work slows the apps down and should be near zero.</summary>
    internal static double Others(LoadReport run) =>
        Math.Max(0, run.MachineCpuSeconds - (run.GatewayProcess?.CpuSeconds ?? 0) - (run.Redis?.CpuSeconds ?? 0) - run.LoadToolCpuSeconds);

    private static string Latency(LatencySummary latency) =>
        F($"{latency.P50:0.0} / {latency.P95:0.0} / {latency.P99:0.0} / {latency.Max:0} ms");

    private static void Row(StringBuilder text, string name, LoadReport[] columns, Func<LoadReport, string> cell) =>
        text.AppendLine($"| {name} | {string.Join(" | ", columns.Select(cell))} |");

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
