using IvrGateway.Infrastructure.Telemetry;
using IvrGateway.Infrastructure;
using IvrGateway.Voice.State;

namespace IvrGateway.CallLog;

/// <summary>
/// Keeps the calls-in-progress gauge current across all nodes by counting the shards' active
/// sets every few seconds (16 cheap ZCARDs), instead of each node guessing from its own traffic.
/// </summary>
internal sealed class CallsInProgressGauge(RedisRunner redis, RedisKeyspace keys, GatewayMetrics metrics, ILogger<CallsInProgressGauge> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5), TimeProvider.System);
        do
        {
            try
            {
                var sets = CallShard.All(keys).Select(s => s.Active).ToArray();
                var count = await redis.ReadAsync(sets, static async (db, ks) =>
                {
                    var batch = db.CreateBatch();
                    var counts = ks.Select(k => batch.SortedSetLengthAsync(k)).ToArray();
                    batch.Execute();
                    return (await Task.WhenAll(counts)).Sum();
                }, stoppingToken);
                metrics.SetCallsInProgress(count);
            }
            catch (StoreUnavailableException)
            {
                logger.LogDebug("Calls in progress not refreshed: Redis is unavailable");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
