using IvrGateway.Infrastructure.Redis;
using IvrGateway.Infrastructure.Telemetry;
using Polly;
using Polly.Registry;
using StackExchange.Redis;

namespace IvrGateway.Infrastructure;

/// <summary>
/// Runs Redis work through the named resilience pipelines and turns "Redis is not there" into one
/// exception type, so callers need to know about neither Polly nor StackExchange.Redis failures.
/// </summary>
public sealed class RedisRunner(IConnectionMultiplexer connection, ResiliencePipelineProvider<string> pipelines, GatewayMetrics metrics, RealTime clock)
{
    private readonly ResiliencePipeline read = pipelines.GetPipeline(RedisPipelines.Read);
    private readonly ResiliencePipeline write = pipelines.GetPipeline(RedisPipelines.Write);

    public IDatabase Database => connection.GetDatabase();

    /// <summary>An idempotent read: retried with jitter inside the budget.</summary>
    public ValueTask<T> ReadAsync<TState, T>(TState state, Func<IDatabase, TState, Task<T>> operation, CancellationToken cancellationToken = default) =>
        RunAsync(read, RedisPipelines.Read, state, operation, cancellationToken);

    /// <summary>A write or a counting script: attempted once, because a timed-out write may have happened.</summary>
    public ValueTask<T> WriteAsync<TState, T>(TState state, Func<IDatabase, TState, Task<T>> operation, CancellationToken cancellationToken = default) =>
        RunAsync(write, RedisPipelines.Write, state, operation, cancellationToken);

    private async ValueTask<T> RunAsync<TState, T>(ResiliencePipeline pipeline, string name, TState state, Func<IDatabase, TState, Task<T>> operation, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var failed = false;
        try
        {
            return await pipeline.ExecuteAsync(
                static async (ctx, ct) =>
                    // StackExchange.Redis ignores cancellation; WaitAsync lets Polly's timeout actually end the wait.
                    await ctx.operation(ctx.db, ctx.state).WaitAsync(ct),
                (db: connection.GetDatabase(), operation, state),
                cancellationToken);
        }
        catch (Exception e) when (RedisErrors.IsOutage(e))
        {
            failed = true;
            // A full, read-only, loading or busy Redis is as unavailable as an unreachable one.
            // Only the type travels on: StackExchange.Redis messages name the command and its keys,
            // and keys are derived from secrets, so the original exception never reaches a log line.
            throw new StoreUnavailableException($"Redis is unavailable ({e.GetType().Name}).");
        }
        catch (Exception e) when (e is RedisException or RedisCommandException)
        {
            failed = true;
            // A script error, a wrong type or keys in two Cluster slots: a bug, not an outage (not retried, not a 503), but its
            // message quotes the script, the command and the keys just the same.
            throw new StoreFailedException($"A Redis command failed ({e.GetType().Name}).");
        }
        finally
        {
            metrics.Redis(name, clock.GetElapsedTime(started), failed);
        }
    }
}
