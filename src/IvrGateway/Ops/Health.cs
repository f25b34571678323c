using IvrGateway.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IvrGateway.Ops;

internal static class Health
{
    /// <summary>Liveness says the process answers; readiness says it can serve a call (Redis answers).</summary>
    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<RedisHealthCheck>("redis", tags: ["ready"])
            .AddCheck<FlowHealthCheck>("flow", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }
}

internal sealed class RedisHealthCheck(RedisRunner redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.ReadAsync(0, static (db, _) => db.PingAsync(), cancellationToken);
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:0.0} ms.");
        }
        catch (StoreUnavailableException)
        {
            return HealthCheckResult.Unhealthy("Redis is unreachable.");
        }
    }
}

/// <summary>The call flow from ivr-flows/ is loaded (a broken flow already stops the start; this says so to the probe).</summary>
internal sealed class FlowHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var flow = services.GetService<Voice.Flow.IvrFlow>();
        return Task.FromResult(flow is null
            ? HealthCheckResult.Unhealthy("The call flow is not loaded.")
            : HealthCheckResult.Healthy($"{flow.Steps.Count} steps, {flow.Locales.Count} locales."));
    }
}
