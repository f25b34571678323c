using IvrGateway.Infrastructure.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Telemetry;
using Polly.Timeout;

namespace IvrGateway.Infrastructure;

/// <summary>
/// The two ways the gateway talks to Redis. Reads may be retried; writes and scripts that count
/// attempts are not, because a write that timed out may still have happened.
/// </summary>
public static class RedisPipelines
{
    public const string Read = "redis-read";
    public const string Write = "redis-write";
}

internal static class RedisResilience
{
    private const string AttemptTimeout = "AttemptTimeout";

    public static IServiceCollection AddRedisResilience(this IServiceCollection services)
    {
        services.AddResiliencePipeline(RedisPipelines.Read, static (builder, context) =>
        {
            var o = context.ServiceProvider.GetRequiredService<IOptions<RedisOptions>>().Value;
            // Timeouts, retry delays and break durations measure waiting on a socket, so they run on
            // the real clock even when the application's TimeProvider is a test's fake one.
            builder.TimeProvider = context.ServiceProvider.GetRequiredService<RealTime>();
            builder
                .AddTimeout(TimeSpan.FromMilliseconds(o.TotalTimeoutMilliseconds))
                .AddCircuitBreaker(CircuitBreaker(o))
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = Transient,
                    MaxRetryAttempts = Math.Max(1, o.ReadRetries),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(40),
                })
                .AddTimeout(new TimeoutStrategyOptions { Name = AttemptTimeout, Timeout = TimeSpan.FromMilliseconds(o.AttemptTimeoutMilliseconds) });
        });
        services.AddResiliencePipeline(RedisPipelines.Write, static (builder, context) =>
        {
            var o = context.ServiceProvider.GetRequiredService<IOptions<RedisOptions>>().Value;
            builder.TimeProvider = context.ServiceProvider.GetRequiredService<RealTime>();
            builder
                .AddTimeout(TimeSpan.FromMilliseconds(o.TotalTimeoutMilliseconds))
                .AddCircuitBreaker(CircuitBreaker(o));
        });
        // Polly's telemetry prints each execution's result; results here are stored records, so
        // only failures are reported, and a result is never printed, whatever the log level.
        services.Configure<TelemetryOptions>(o =>
        {
            o.ResultFormatter = static (_, result) => result is Exception e ? e.GetType().Name : "(not logged)";
            // One read attempt outlasting its timeout is retried, and on a busy host that is routine: a warning. Polly's
            // default (error) would put it beside real failures; a read that fails after its retries, the circuit opening
            // and a whole operation timing out stay errors.
            o.SeverityProvider = static args => args.Event.EventName == "OnTimeout" && args.Source.StrategyName == AttemptTimeout
                ? ResilienceEventSeverity.Warning
                : args.Event.Severity;
        });
        services.AddLogging(logging => logging.AddFilter("Polly", LogLevel.Warning));
        // The real clock the pipelines and the runner measure with (see RealTime).
        services.TryAddSingleton<RealTime>();
        services.AddSingleton<RedisRunner>();
        return services;
    }

    /// <summary>
    /// Failures that say "Redis cannot serve now" (unreachable, or answering OOM, READONLY, LOADING, BUSY,
    /// MASTERDOWN, CLUSTERDOWN, TRYAGAIN), as opposed to a bug in a script: these are retried (reads)
    /// and counted by the circuit breaker.
    /// </summary>
    internal static readonly PredicateBuilder Transient = (PredicateBuilder)new PredicateBuilder()
        .Handle<Exception>(static e => e is not BrokenCircuitException && RedisErrors.IsOutage(e));

    private static CircuitBreakerStrategyOptions CircuitBreaker(RedisOptions o) => new()
    {
        ShouldHandle = Transient,
        FailureRatio = 0.5,
        MinimumThroughput = 4,
        SamplingDuration = TimeSpan.FromSeconds(5),
        BreakDuration = TimeSpan.FromSeconds(o.BreakSeconds),
    };
}
