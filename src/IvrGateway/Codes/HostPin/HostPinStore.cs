using System.Globalization;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace IvrGateway.Codes;

/// <summary>
/// The one owner of the host-PIN slots <c>h:&lt;organizer id&gt;</c>: the organizer's host PIN (keyed
/// hash), its recent failures and its lock. Wrong PINs count against the organizer from any caller
/// and any code, so guessing from many numbers gets one budget; invitees' passcodes never touch it.
/// Rotation replaces the hash (the old PIN stops at once); disabling removes it. No other class
/// builds these keys or reads their values.
/// </summary>
public sealed class HostPinStore(RedisRunner redis, RedisKeyspace keyspace)
{
    private static readonly HostPinVerdicts Verdicts = new(HostPinVerdict.Accepted, HostPinVerdict.Wrong, HostPinVerdict.WrongAndLocked,
        HostPinVerdict.Locked, HostPinVerdict.Refused);

    private static readonly LuaScript<VerifyHostPinArgs, VerifyHostPinResult> VerifyScript =
        new("verify_host_pin", HostPinJson.Default.VerifyHostPinArgs, HostPinJson.Default.VerifyHostPinResult);

    private RedisKey Pin(string organizerId) => keyspace.Key("h:" + organizerId, "pin");

    private RedisKey Failures(string organizerId) => keyspace.Key("h:" + organizerId, "failures");

    private RedisKey Lock(string organizerId) => keyspace.Key("h:" + organizerId, "lock");

    /// <summary>Sets (at creation) or replaces (rotation) the organizer's host PIN: from this write on, only the new one works.</summary>
    public async Task SetAsync(string organizerId, string pinHash, CancellationToken ct = default) =>
        await redis.WriteAsync((Key: Pin(organizerId), pinHash), static (db, s) => db.StringSetAsync(s.Key, s.pinHash), ct);

    /// <summary>Removes the PIN: every host PIN for this organizer is refused (a disabled organizer).</summary>
    public async Task RevokeAsync(string organizerId, CancellationToken ct = default) =>
        await redis.WriteAsync(Pin(organizerId), static (db, key) => db.KeyDeleteAsync(key), ct);

    /// <summary>
    /// Checks <paramref name="pinHash"/>; a wrong one is counted once per <paramref name="member"/>
    /// (<c>callSid:step:attempt</c>) and the limit locks PIN entry for the organizer.
    /// </summary>
    public async Task<HostPinVerdict> VerifyAsync(string organizerId, string pinHash, string member, HostPinGuard guard, DateTimeOffset now,
        CancellationToken ct = default)
    {
        var result = await VerifyScript.WriteAsync(redis, [Pin(organizerId), Failures(organizerId), Lock(organizerId)],
            new VerifyHostPinArgs(now.ToUnixTimeMilliseconds(), pinHash, member, guard.FailureLimit, (long)guard.FailureWindow.TotalMilliseconds,
                (long)guard.Lock.TotalMilliseconds, Verdicts), ct);
        return result.Verdict;
    }

    /// <summary>Lifts the organizer's PIN lock and forgets its failures. True when a lock was in force.</summary>
    public async Task<bool> LiftAsync(string organizerId, DateTimeOffset now, CancellationToken ct = default)
    {
        var until = await redis.WriteAsync((Lock: Lock(organizerId), Failures: Failures(organizerId)), static async (db, s) =>
        {
            var value = await db.StringGetDeleteAsync(s.Lock);
            await db.KeyDeleteAsync(s.Failures);
            return value;
        }, ct);
        return !until.IsNull && long.TryParse(until.ToString(), CultureInfo.InvariantCulture, out var ms) && ms > now.ToUnixTimeMilliseconds();
    }
}
