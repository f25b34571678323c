using System.Diagnostics.Metrics;

namespace IvrGateway.Infrastructure.Telemetry;

/// <summary>
/// The gateway's own instruments, exported for Prometheus at <c>/metrics</c>. Tags carry only
/// bounded, non-secret values: step names, outcome names, event kinds.
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "IvrGateway";

    private readonly Meter meter;
    private readonly Counter<long> calls;
    private readonly Counter<long> stepOutcomes;
    private readonly Histogram<double> webhookDuration;
    private readonly Histogram<double> redisDuration;
    private readonly Counter<long> redisFailures;
    private readonly Counter<long> securityEvents;
    private long callsInProgress;

    public GatewayMetrics(IMeterFactory meters)
    {
        meter = meters.Create(MeterName);
        calls = meter.CreateCounter<long>("ivr.calls", "{call}", "Ended calls by outcome.");
        stepOutcomes = meter.CreateCounter<long>("ivr.step.outcomes", "{step}", "Flow steps by step and outcome.");
        webhookDuration = meter.CreateHistogram<double>("ivr.webhook.duration", "s", "Time to answer a Twilio webhook, by step.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        redisDuration = meter.CreateHistogram<double>("ivr.redis.duration", "s", "Time of one Redis operation through its resilience pipeline.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        redisFailures = meter.CreateCounter<long>("ivr.redis.failures", "{operation}", "Redis operations that failed (store unavailable).");
        securityEvents = meter.CreateCounter<long>("ivr.security.events", "{event}", "Lockouts, protected meetings, shared passcodes, failure spikes.");
        meter.CreateObservableGauge("ivr.calls.in_progress", () => Interlocked.Read(ref callsInProgress), "{call}",
            "Calls in the flow or in a conference, across all gateway nodes (refreshed every few seconds).");
    }

    public void CallEnded(string outcome) => calls.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Step(string step, string outcome) =>
        stepOutcomes.Add(1, new KeyValuePair<string, object?>("step", step), new KeyValuePair<string, object?>("outcome", outcome));

    public void Webhook(string step, TimeSpan elapsed) => webhookDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("step", step));

    public void Redis(string pipeline, TimeSpan elapsed, bool failed)
    {
        redisDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("pipeline", pipeline));
        if (failed)
        {
            redisFailures.Add(1, new KeyValuePair<string, object?>("pipeline", pipeline));
        }
    }

    public void SecurityEvent(string kind) => securityEvents.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void SetCallsInProgress(long count) => Interlocked.Exchange(ref callsInProgress, count);

    public void Dispose() => meter.Dispose();
}
