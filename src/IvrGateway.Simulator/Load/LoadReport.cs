namespace IvrGateway.Simulator.Load;

/// <summary>Everything one load run measured; written as JSON with <c>--json</c> and read back by <c>load-report</c>.</summary>
/// <param name="MachineCpuSeconds">CPU time the whole machine was busy during the run, every process included (from /proc/stat).</param>
public sealed record LoadReport(
    string Label,
    string Gateway,
    DateTimeOffset Started,
    RunShape Shape,
    CallCounts Calls,
    Throughput Rates,
    SlotFigures Slots,
    IReadOnlyList<StepLatency> Steps,
    LatencySummary Overall,
    GatewayFigures? GatewayProcess,
    RedisFigures? Redis,
    CensusFigures? Census,
    double LoadToolCpuSeconds,
    double MachineCpuSeconds = 0);

/// <param name="StaySeconds">Each caller's time in the conference: really waited in a paced run, only counted otherwise.</param>
/// <param name="ThinkSeconds">How long each caller took before answering a prompt; 0 for fast mode (request loops, nothing waited).</param>
public sealed record RunShape(int Callers, int Meetings, double WindowSeconds, int Concurrency, double StaySeconds, double ThinkSeconds = 0)
{
    /// <summary>Calls at a caller's pace: think time and stay really passed.</summary>
    public bool Paced => ThinkSeconds > 0;
}

/// <param name="Failed">Calls that were not bridged, or that had a webhook answered with an error.</param>
/// <param name="FailuresByKind">What went wrong, with counts: an error kind, or what a refused caller heard last.</param>
public sealed record CallCounts(int Total, int Bridged, int Refused, int CallerHungUp, int Errors, int Failed, IReadOnlyDictionary<string, int> FailuresByKind);

/// <param name="DurationSeconds">From the first arrival to the end of the last call.</param>
public sealed record Throughput(double DurationSeconds, double CallsPerSecond, int Webhooks, double WebhooksPerSecond, int FailedWebhooks);

/// <param name="WaitedForSlot">Callers who found every slot taken at their arrival time and had to wait.</param>
/// <param name="MaxDispatchLagMs">How late the tool started the latest caller against the schedule (its own slowness).</param>
/// <param name="MeanInFlight">Calls in flight on average over the run (the time slots were held over the run time).</param>
public sealed record SlotFigures(int PeakInFlight, int WaitedForSlot, double MaxSlotWaitMs, double MaxDispatchLagMs, double MeanInFlight = 0);

/// <param name="Step">The webhook path below <c>/voice/</c>: incoming, step/accessCode, conference, ...</param>
public sealed record StepLatency(string Step, LatencySummary Latency);

/// <summary>Redis work between the start and the end of the run (the tool's own <c>INFO</c> left out).</summary>
/// <param name="TotalCommands">Every command, those run inside Lua scripts included.</param>
/// <param name="ScriptCalls">EVALSHA plus EVAL: one round trip each.</param>
public sealed record RedisFigures(
    long TotalCommands,
    long ScriptCalls,
    double CommandsPerCall,
    double CommandsPerWebhook,
    double ScriptCallsPerWebhook,
    double CpuSeconds,
    IReadOnlyList<CommandCount> TopCommands);

/// <summary>From MONITOR: exactly which commands clients sent (round trips) and which scripts ran.</summary>
public sealed record CensusFigures(long ClientCommands, long ScriptCommands, double ClientCommandsPerWebhook, IReadOnlyDictionary<string, long> ByClient, IReadOnlyDictionary<string, long> ByScript);
