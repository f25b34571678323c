using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IvrGateway.Voice.Flow;

/// <summary>The call flow from ivr-flows/ is loaded (a broken flow already stops the start; this says so to the readiness probe).</summary>
internal sealed class FlowHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var flow = services.GetService<IvrFlow>();
        return Task.FromResult(flow is null
            ? HealthCheckResult.Unhealthy("The call flow is not loaded.")
            : HealthCheckResult.Healthy($"{flow.Steps.Count} steps, {flow.Locales.Count} locales."));
    }
}
