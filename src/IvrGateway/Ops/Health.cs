using System.ComponentModel.DataAnnotations;
using IvrGateway.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace IvrGateway.Ops;

internal static class Health
{
    /// <summary>
    /// Liveness says the process answers; readiness says this node can serve a caller. Redis being down
    /// is <c>Degraded</c> (200): every node still answers every caller with an apology in valid TwiML,
    /// which beats a balancer taking them all out and Twilio reading its "application error".
    /// Readiness is 503 only when this node cannot serve: no call flow, or shutting down.
    /// </summary>
    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // The flow check is registered by AddVoice, beside the flow it checks.
        builder.Services.AddHealthChecks()
            .AddCheck<RedisHealthCheck>("redis", failureStatus: HealthStatus.Degraded, tags: ["ready"])
            .AddCheck<ShutdownHealthCheck>("shutdown", tags: ["ready"]);
        builder.Services.AddSingleton<ShutdownState>();
        builder.Services.AddHostedService<GracefulShutdown>();
        // Kestrel stops listening on SIGTERM and waits for requests in flight up to this long
        // (a webhook answers within about 2 s, even with Redis down).
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<HealthOptions>>((host, health) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(health.Value.DrainSeconds + health.Value.ShutdownSeconds));
        return builder;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }
}

/// <summary>How a node leaves a balancer's rotation on SIGTERM.</summary>
internal sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>
    /// Seconds between SIGTERM and Kestrel closing its listeners, while readiness already answers 503,
    /// so a balancer stops sending new calls before connections are refused (its probe interval × threshold).
    /// </summary>
    [Range(0, 60, ErrorMessage = "Health:DrainSeconds must be between 0 and 60.")]
    public int DrainSeconds { get; set; }

    /// <summary>Seconds Kestrel then waits for requests in flight before the process exits anyway.</summary>
    [Range(1, 60, ErrorMessage = "Health:ShutdownSeconds must be between 1 and 60.")]
    public int ShutdownSeconds { get; set; } = 5;
}

/// <summary>Set as soon as the host begins to stop, before Kestrel stops listening.</summary>
internal sealed class ShutdownState(IHostApplicationLifetime lifetime)
{
    private volatile bool stopping;

    public bool Stopping => stopping || lifetime.ApplicationStopping.IsCancellationRequested;

    public void Begin() => stopping = true;
}

/// <summary>
/// On SIGTERM: readiness turns 503 at once, and stopping waits <see cref="HealthOptions.DrainSeconds"/>
/// before any hosted service (Kestrel included) stops, so the balancer notices first.
/// </summary>
internal sealed class GracefulShutdown(ShutdownState state, IOptions<HealthOptions> options, ILogger<GracefulShutdown> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        state.Begin();
        var drain = TimeSpan.FromSeconds(options.Value.DrainSeconds);
        logger.LogInformation("Shutting down: readiness answers 503; listeners close in {DrainSeconds} s", drain.TotalSeconds);
        if (drain > TimeSpan.Zero)
        {
            try
            {
                // Draining waits on the balancer, in real time: not the application's TimeProvider.
                await Task.Delay(drain, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The host's shutdown timeout ran out first: stop now.
            }
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class ShutdownHealthCheck(ShutdownState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Stopping ? HealthCheckResult.Unhealthy("The node is shutting down.") : HealthCheckResult.Healthy());
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
            // Degraded, not Unhealthy: callers still hear the apology from this node (see AddHealth).
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis is unreachable.");
        }
    }
}
