using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Redis;
using IvrGateway.Infrastructure.Telemetry;
using IvrGateway.Voice.State;

namespace IvrGateway.CallLog;

/// <summary>
/// Keeps the calls-in-progress gauge current across all nodes by counting the shards' active
/// sets every few seconds, instead of each node guessing from its own traffic.
/// </summary>
internal sealed class CallsInProgressGauge(CallerShardStore shards, GatewayMetrics metrics, RealTime clock, ILogger<CallsInProgressGauge> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A refresh interval on the real clock: it polls Redis, it decides nothing.
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5), clock);
        do
        {
            try
            {
                metrics.SetCallsInProgress(await shards.CountInProgressAsync(stoppingToken));
            }
            catch (StoreUnavailableException)
            {
                logger.LogDebug("Calls in progress not refreshed: Redis is unavailable");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
