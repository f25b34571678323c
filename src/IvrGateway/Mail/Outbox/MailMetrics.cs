using System.Diagnostics.Metrics;
using IvrGateway.Infrastructure.Telemetry;

namespace IvrGateway.Mail.Outbox;

/// <summary>The outbox's instrument, on the gateway's meter: messages handled by kind and outcome (bounded, non-secret labels).</summary>
public sealed class MailMetrics
{
    private readonly Counter<long> handled;

    public MailMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GatewayMetrics.MeterName);
        handled = meter.CreateCounter<long>("ivr.mail.messages", "{message}", "Outbox messages by kind and outcome (sent, retry, dead, dropped, waiting for the subject).");
    }

    public void Handled(string kind, string outcome) =>
        handled.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));
}
