using System.Globalization;
using IvrGateway.Simulator.Load;
using Spectre.Console;

namespace IvrGateway.Simulator.Cli;

/// <summary>The console side of <c>load</c>: progress lines and the report as tables.</summary>
internal sealed class LoadPrinter(IAnsiConsole console)
{
    public void Note(string message) => console.WriteLine(message, new Style(Color.Grey));

    public void Problem(string message) => console.WriteLine(message, new Style(Color.Red));

    public void Report(LoadReport report)
    {
        var calls = report.Calls;
        var rates = report.Rates;
        var slots = report.Slots;
        var summary = new Table().Title(Markup.Escape($"{report.Label}: {report.Gateway}")).AddColumns("", "");
        Add(summary, "calls", F($"{calls.Total:N0}: {calls.Bridged:N0} bridged, {calls.Refused:N0} refused, {calls.CallerHungUp:N0} hung up, {calls.Errors:N0} errors"));
        Add(summary, "failed calls", F($"{calls.Failed:N0}"));
        foreach (var (kind, count) in calls.FailuresByKind.Take(8))
        {
            Add(summary, "  " + kind, F($"{count:N0}"));
        }
        var shape = report.Shape;
        Add(summary, "pace", shape.Paced
            ? F($"paced: {shape.ThinkSeconds:0.###} s before each key entry, {shape.StaySeconds:0.###} s in the conference (both waited)")
            : F($"fast mode: no think time, {shape.StaySeconds:0.###} s in the conference counted but not waited"));
        Add(summary, "run time", F($"{rates.DurationSeconds:0.0} s"));
        Add(summary, "calls/s", F($"{rates.CallsPerSecond:0.0}"));
        Add(summary, "webhook requests/s", F($"{rates.WebhooksPerSecond:0} ({rates.Webhooks:N0} webhooks, {rates.FailedWebhooks:N0} failed)"));
        Add(summary, "calls in flight", F($"peak {slots.PeakInFlight} of {report.Shape.Concurrency}, mean {slots.MeanInFlight:0.0}"));
        Add(summary, "callers that waited for a slot", F($"{slots.WaitedForSlot:N0} (longest wait {slots.MaxSlotWaitMs:0} ms)"));
        Add(summary, "latest start against the schedule", F($"{slots.MaxDispatchLagMs:0} ms"));
        Add(summary, "load tool CPU", F($"{report.LoadToolCpuSeconds:0.0} s"));
        Add(summary, "machine CPU busy (all processes)", F($"{report.MachineCpuSeconds:0.0} s of {report.Rates.DurationSeconds * Environment.ProcessorCount:0.0} s"));
        if (report.GatewayProcess is { } g)
        {
            Add(summary, "gateway peak working set", F($"{g.PeakWorkingSetMb:0} MB sampled VmRSS, {g.LifetimePeakMb:0} MB VmHWM (pid {g.Pid})"));
            Add(summary, "gateway CPU", F($"{g.CpuSeconds:0.0} s ({g.CpuSeconds * 1000 / Math.Max(1, rates.Webhooks):0.00} ms per webhook)"));
        }
        if (report.Redis is { } r)
        {
            Add(summary, "Redis commands", F($"{r.TotalCommands:N0}: {r.CommandsPerCall:0.0} per call, {r.CommandsPerWebhook:0.00} per webhook (script internals included)"));
            Add(summary, "Redis EVALSHA + EVAL", F($"{r.ScriptCalls:N0}: {r.ScriptCallsPerWebhook:0.00} per webhook"));
            Add(summary, "Redis top commands", string.Join(", ", r.TopCommands.Take(8).Select(c => F($"{c.Command} {c.Calls:N0}"))));
            Add(summary, "Redis CPU", F($"{r.CpuSeconds:0.0} s"));
        }
        if (report.Census is { } c)
        {
            Add(summary, "census: client round trips", F($"{c.ClientCommands:N0} ({c.ClientCommandsPerWebhook:0.00} per webhook): ") +
                string.Join(", ", c.ByClient.OrderByDescending(p => p.Value).Select(p => F($"{p.Key} {p.Value:N0}"))));
            Add(summary, "census: commands in scripts", F($"{c.ScriptCommands:N0}"));
        }
        console.Write(summary);

        var latency = new Table().Title("latency per step (ms)").AddColumns("step", "requests", "p50", "p95", "p99", "max");
        foreach (var step in report.Steps)
        {
            AddLatency(latency, step.Step, step.Latency);
        }
        AddLatency(latency, "all steps", report.Overall);
        foreach (var column in latency.Columns.Skip(1))
        {
            column.RightAligned();
        }
        console.Write(latency);
    }

    private static void Add(Table table, string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));

    private static void AddLatency(Table table, string name, LatencySummary summary) =>
        table.AddRow(Markup.Escape(name), F($"{summary.Count:N0}"), F($"{summary.P50:0.0}"), F($"{summary.P95:0.0}"), F($"{summary.P99:0.0}"), F($"{summary.Max:0.0}"));

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
