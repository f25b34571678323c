using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace IvrGateway.Voice;

/// <summary>
/// Counts failed guesses across all callers and nodes per minute (one Redis counter per minute)
/// and raises an alarm in the log when the rate passes <c>Voice:BruteForce:GlobalFailuresPerMinute</c>,
/// which is what a distributed guessing attack looks like. Recording runs beside the call, never delaying it; while the
/// alarm is on, unverified callers' lookups are held for a moment (<see cref="IsOn"/>, used by the access-code step).
/// </summary>
public sealed class FailureRateAlarm(RedisRunner redis, RedisKeyspace keys, IOptions<BruteForceOptions> options, SecurityEventLog securityEvents,
    ILogger<FailureRateAlarm> logger)
{
    private long lastAlarmMinute = -1;

    /// <summary>Unix ms until which the alarm holds on this node: the rest of the minute it was seen, and the next one.</summary>
    private long alarmUntil;

    public void RecordFailure(DateTimeOffset now) => _ = RecordAsync(now);

    /// <summary>
    /// Whether the global failure rate was over the threshold this minute or the last, as this node last counted it. Every
    /// node counts the failures it answers into the one Redis counter and reads the total back, so under a distributed
    /// attack every node serving guesses sees the alarm within a failure or two, without a Redis read per lookup.
    /// </summary>
    public bool IsOn(DateTimeOffset now) => now.ToUnixTimeMilliseconds() < Interlocked.Read(ref alarmUntil);

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
            if (count >= options.Value.GlobalFailuresPerMinute)
            {
                Interlocked.Exchange(ref alarmUntil, (minute + 2) * 60_000);
            }
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
