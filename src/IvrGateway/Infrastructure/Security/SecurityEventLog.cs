using System.Globalization;
using IvrGateway.Infrastructure.Redaction;
using IvrGateway.Infrastructure.Redis;
using IvrGateway.Infrastructure.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace IvrGateway.Infrastructure.Security;

public enum SecurityEventKind
{
    CallerLockedOut,
    MeetingPasscodeLocked,
    UniquePasscodeShared,
    FailureSpike,
    UnverifiedCallersLockedOut,
    HostPinLocked,
    CallerLockoutLifted,
    MeetingPasscodeLockLifted,
    HostPinLockLifted,
    ApiKeyRotated,
    HostPinRotated,
    OrganizerDisabled,
    PersonalCodeRotated,
    UnverifiedCallersLockoutLifted,
    PasswordChanged,
    PasswordReset,
}

/// <summary>One security event as ops see it; <paramref name="OrganizerId"/> names the account it concerns, when one does.</summary>
public sealed record SecurityEvent(string Id, DateTimeOffset At, string Kind, string? CallSid, string? Caller, string? MeetingId, string Detail,
    string? OrganizerId = null);

/// <summary>
/// Told of every security event that concerns an organizer (the portal mails the organizer a notice). Called beside the
/// request, once per recorded event; an observer that fails is logged and never fails the request.
/// </summary>
public interface ISecurityEventObserver
{
    Task ObserveAsync(SecurityEventKind kind, DateTimeOffset at, string organizerId, CancellationToken ct);
}

/// <summary>
/// Lockouts, meetings that stop accepting passcodes, host-PIN locks, unique passcodes used by two
/// callers at once, failure spikes, and who lifted a lock or rotated or revoked a secret: appended to one stream (trimmed by time), counted in metrics, logged.
/// Recording never delays a call: it runs beside it and gives up quietly if Redis is away.
/// </summary>
public sealed class SecurityEventLog(RedisRunner redis, RedisKeyspace keys, GatewayMetrics metrics, IOptions<RetentionOptions> retention, ILogger<SecurityEventLog> logger,
    IEnumerable<ISecurityEventObserver> observers)
{
    public static string Name(SecurityEventKind kind) => kind switch
    {
        SecurityEventKind.CallerLockedOut => "caller-locked-out",
        SecurityEventKind.MeetingPasscodeLocked => "meeting-passcode-locked",
        SecurityEventKind.UniquePasscodeShared => "unique-passcode-shared",
        SecurityEventKind.FailureSpike => "failure-spike",
        SecurityEventKind.UnverifiedCallersLockedOut => "unverified-callers-locked-out",
        SecurityEventKind.HostPinLocked => "host-pin-locked",
        SecurityEventKind.CallerLockoutLifted => "caller-lockout-lifted",
        SecurityEventKind.MeetingPasscodeLockLifted => "meeting-passcode-lock-lifted",
        SecurityEventKind.HostPinLockLifted => "host-pin-lock-lifted",
        SecurityEventKind.ApiKeyRotated => "api-key-rotated",
        SecurityEventKind.HostPinRotated => "host-pin-rotated",
        SecurityEventKind.OrganizerDisabled => "organizer-disabled",
        SecurityEventKind.PersonalCodeRotated => "personal-code-rotated",
        SecurityEventKind.UnverifiedCallersLockoutLifted => "unverified-callers-lockout-lifted",
        SecurityEventKind.PasswordChanged => "password-changed",
        SecurityEventKind.PasswordReset => "password-reset",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private RedisKey Stream => keys.Key("sec", "events");

    /// <param name="organizerId">The organizer the event concerns (their PIN, key, password or lock): they are sent a notice.</param>
    public void Record(SecurityEventKind kind, DateTimeOffset at, string? callSid, string? caller, string? meetingId, string detail, string? organizerId = null)
    {
        var name = Name(kind);
        metrics.SecurityEvent(name);
        SecurityLog.SecurityEvent(logger, name, callSid, caller ?? "", meetingId, detail);
        _ = WriteAsync(name, at, callSid, caller, meetingId, detail, organizerId);
        if (organizerId is not null)
        {
            foreach (var observer in observers)
            {
                _ = ObserveAsync(observer, kind, at, organizerId);
            }
        }
    }

    private async Task ObserveAsync(ISecurityEventObserver observer, SecurityEventKind kind, DateTimeOffset at, string organizerId)
    {
        try
        {
            await observer.ObserveAsync(kind, at, organizerId, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The type only: an exception's message is not promised to be free of what the observer handled.
            logger.LogWarning("Security event {Kind} for organizer {OrganizerId}: the notice could not be queued ({Error})", Name(kind), organizerId, e.GetType().Name);
        }
    }

    internal async Task WriteAsync(string kind, DateTimeOffset at, string? callSid, string? caller, string? meetingId, string detail, string? organizerId = null)
    {
        var oldest = (at - retention.Value.Retention).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        // XADD with MINID trims by time in the same command (Redis 6.2+).
        var args = new object[]
        {
            Stream, "MINID", oldest, "*",
            "kind", kind, "at", at.ToString("O", CultureInfo.InvariantCulture), "sid", callSid ?? "",
            "caller", caller ?? "", "meetingId", meetingId ?? "", "detail", detail, "organizerId", organizerId ?? "",
        };
        try
        {
            await redis.WriteAsync(args, static (db, a) => db.ExecuteAsync("XADD", a), default);
        }
        catch (StoreUnavailableException)
        {
            logger.LogWarning("Security event {Kind} could not be stored: Redis is unavailable", kind);
        }
    }

    public async Task<IReadOnlyList<SecurityEvent>> RecentAsync(int count, CancellationToken ct = default)
    {
        var entries = await redis.ReadAsync((Stream, count), static (db, s) =>
            db.StreamRangeAsync(s.Stream, "-", "+", s.count, Order.Descending), ct);
        return entries.Select(e =>
        {
            var v = e.Values.ToDictionary(x => x.Name.ToString(), x => x.Value.ToString(), StringComparer.Ordinal);
            return new SecurityEvent(e.Id.ToString(), DateTimeOffset.Parse(v["at"], CultureInfo.InvariantCulture), v["kind"],
                Empty(v["sid"]), Empty(v["caller"]), Empty(v["meetingId"]), v["detail"], Empty(v.GetValueOrDefault("organizerId", "")));
        }).ToList();
    }

    private static string? Empty(string value) => value.Length == 0 ? null : value;
}

/// <summary>Security events in the log; the caller's number is classified and masked by redaction.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(LogLevel.Warning, "Security event {Kind} on call {CallSid} from {Caller} in meeting {MeetingId}: {Detail}")]
    public static partial void SecurityEvent(ILogger logger, string kind, string? callSid, [CallerNumber] string caller, string? meetingId, string detail);
}
