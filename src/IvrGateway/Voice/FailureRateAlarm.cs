using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace IvrGateway.Voice;

/// <summary>
/// Counts failed guesses across all callers and nodes per minute (one Redis counter per minute)
/// and raises an alarm in the log when the rate passes <c>Voice:BruteForce:GlobalFailuresPerMinute</c>,
/// which is what a distributed guessing attack looks like. Runs beside the call, never delaying it.
/// </summary>
public sealed class FailureRateAlarm(RedisRunner redis, RedisKeyspace keys, IOptions<BruteForceOptions> options, SecurityEventLog securityEvents,
    ILogger<FailureRateAlarm> logger)
{
    private long lastAlarmMinute = -1;

    public void RecordFailure(DateTimeOffset now) => _ = RecordAsync(now);

    internal async Task RecordAsync(DateTimeOffset now)
    {
        var minute = now.ToUnixTimeSeconds() / 60;
        try
        {
            var count = await redis.WriteAsync(keys.Key("g", "fails:" + minute), static async (db, key) =>
            {
                var value = await db.StringIncrementAsync(key);
                if (value == 1)
                {
                    await db.KeyExpireAsync(key, TimeSpan.FromMinutes(10));
                }
                return value;
            });
            if (count >= options.Value.GlobalFailuresPerMinute && Interlocked.Exchange(ref lastAlarmMinute, minute) != minute)
            {
                logger.LogWarning("Failure-rate alarm: {Count} failed code or passcode entries this minute across all callers (threshold {Threshold})",
                    count, options.Value.GlobalFailuresPerMinute);
                securityEvents.Record(SecurityEventKind.FailureSpike, now, callSid: null, caller: null, meetingId: null,
                    $"{count} failed entries in one minute across all callers (threshold {options.Value.GlobalFailuresPerMinute})");
            }
        }
        catch (StoreUnavailableException)
        {
            // The alarm is best effort; the call itself already answered.
        }
    }
}
