using System.Globalization;
using StackExchange.Redis;

namespace IvrGateway.Codes;

/// <summary>
/// What the host did to a running meeting from the portal: locked it to new callers, ended it, muted participants.
/// Kept in the code's slot (<c>live</c>), because admission reads the lock and the end in the same script that admits.
/// </summary>
public sealed partial class AccessSlotStore
{
    private const string LockedPrefix = "locked:";
    private const string EndedPrefix = "ended:";
    private const string MutedPrefix = "muted:";

    private static readonly LiveFields LiveFieldNames = new(LockedPrefix, EndedPrefix, MutedPrefix);

    /// <summary>The host's controls of the meetings this code leads to (the field names are <see cref="LiveFields"/>).</summary>
    private RedisKey Live(string slotId) => Key(slotId, "live");

    /// <summary>The conference a meeting's callers are bridged into: a one-time code's own, or the organizer's room.</summary>
    public static string ConferenceName(bool personal, string organizerId, string? meetingId) =>
        personal ? "room-" + organizerId : "meeting-" + meetingId;

    /// <summary>Locks (or unlocks) a meeting to new callers; the host still gets in. Kept until <paramref name="expireAt"/>.</summary>
    public Task SetLockedAsync(string slotId, string meetingId, bool locked, DateTimeOffset expireAt, CancellationToken ct = default) =>
        locked ? SetAsync(slotId, LockedPrefix + meetingId, "1", expireAt, ct) : DeleteAsync(slotId, LockedPrefix + meetingId, ct);

    /// <summary>
    /// Ends a meeting for good: from now on its code admits no one, the host included. Its lock goes in the same step: admission
    /// and the live view read the end first, so the lock could no longer matter and would only stay in the hash.
    /// </summary>
    public Task EndMeetingAsync(string slotId, string meetingId, DateTimeOffset now, DateTimeOffset expireAt, CancellationToken ct = default) =>
        SetAsync(slotId, EndedPrefix + meetingId, now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), expireAt, ct,
            supersedes: LockedPrefix + meetingId);

    /// <summary>
    /// Remembers that the host muted (or unmuted) a participant's call, for the roster to show. The field goes when the call
    /// leaves the conference (or the conference ends: <c>conference_event.lua</c>): a CallSid never comes back, so it could no longer matter.
    /// </summary>
    public Task SetMutedAsync(string slotId, string callSid, bool muted, DateTimeOffset expireAt, CancellationToken ct = default) =>
        muted ? SetAsync(slotId, MutedPrefix + callSid, "1", expireAt, ct) : DeleteAsync(slotId, MutedPrefix + callSid, ct);

    /// <summary>The host's controls of one meeting: locked, when it was ended, and the calls the host muted.</summary>
    public async Task<LiveControls> LiveControlsAsync(string slotId, string meetingId, CancellationToken ct = default)
    {
        var all = await redis.ReadAsync(Live(slotId), static (db, key) => db.HashGetAllAsync(key), ct);
        var fields = all.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
        DateTimeOffset? endedAt = fields.TryGetValue(EndedPrefix + meetingId, out var ended)
            && long.TryParse(ended, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        var muted = fields.Keys.Where(k => k.StartsWith(MutedPrefix, StringComparison.Ordinal)).Select(k => k[MutedPrefix.Length..])
            .ToHashSet(StringComparer.Ordinal);
        return new LiveControls(fields.ContainsKey(LockedPrefix + meetingId), endedAt, muted);
    }

    private Task SetAsync(string slotId, string field, string value, DateTimeOffset expireAt, CancellationToken ct, string? supersedes = null) =>
        redis.WriteAsync((Key: Live(slotId), Field: field, Value: value, ExpireAt: expireAt.UtcDateTime, Supersedes: supersedes), static async (db, s) =>
        {
            var tx = db.CreateTransaction();
            _ = tx.HashSetAsync(s.Key, s.Field, s.Value);
            if (s.Supersedes is not null)
            {
                _ = tx.HashDeleteAsync(s.Key, s.Supersedes);
            }
            // Only ever later: one meeting's controls never cut short another's in a shared room.
            _ = tx.KeyExpireAsync(s.Key, s.ExpireAt, ExpireWhen.GreaterThanCurrentExpiry);
            _ = tx.KeyExpireAsync(s.Key, s.ExpireAt, ExpireWhen.HasNoExpiry);
            return await tx.ExecuteAsync();
        }, ct).AsTask();

    private Task DeleteAsync(string slotId, string field, CancellationToken ct) =>
        redis.WriteAsync((Key: Live(slotId), Field: field), static (db, s) => db.HashDeleteAsync(s.Key, s.Field), ct).AsTask();
}

/// <summary>What the host did to a running meeting: <see cref="Locked"/> to new callers, <see cref="EndedAt"/>, the calls muted.</summary>
public sealed record LiveControls(bool Locked, DateTimeOffset? EndedAt, IReadOnlySet<string> MutedCalls)
{
    public bool Ended => EndedAt is not null;
}
