using IvrGateway.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IvrGateway.Ops;

internal static class Health
{
    /// <summary>Liveness says the process answers; readiness says it can serve a call (Redis answers).</summary>
    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        // The flow check is registered by AddVoice, beside the flow it checks.
        builder.Services.AddHealthChecks()
            .AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
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
