using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Redis;
using Microsoft.Extensions.Options;

namespace IvrGateway.Voice.State;

/// <summary>
/// Closes calls whose status callback never came (a number without "call status changes", a lost
/// callback, a Redis blip at hang-up) as <c>lost</c>, so the log is complete and the active sets
/// do not leak. Runs on every node; <see cref="CallerShardStore.SweepAsync"/> closes each call once.
/// </summary>
public sealed class CallSweeper(CallerShardStore calls, IOptions<CallLogOptions> options, TimeProvider time, RealTime clock, ILogger<CallSweeper> logger)
    : BackgroundService
{
    /// <summary>One sweep of every shard at the application's now; the number of calls it closed.</summary>
    public Task<int> SweepAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        return calls.SweepAsync(time.GetUtcNow(), TimeSpan.FromMinutes(o.SweepIdleMinutes), TimeSpan.FromHours(o.SweepBridgedHours), ct: ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The cadence is real time; idleness is measured on the application's clock, like every call time.
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SweepIntervalSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var closed = await SweepAsync(stoppingToken);
                if (closed > 0)
                {
                    logger.LogInformation("Closed {Count} idle calls as {Outcome}", closed, Outcomes.Lost);
                }
            }
            catch (Exception e) when (e is StoreUnavailableException or StoreFailedException)
            {
                // The next tick tries again; an outage is already visible in metrics and readiness.
                logger.LogWarning("Sweeping idle calls failed ({Error})", e.GetType().Name);
            }
        }
    }
}
