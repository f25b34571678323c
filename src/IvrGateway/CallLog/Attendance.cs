using System.Text.Json;
using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Scheduling;

namespace IvrGateway.CallLog;

/// <summary>One participant's presence in a meeting, as the conference callbacks recorded it.</summary>
public sealed record AttendanceEntry(
    string CallSid,
    string MeetingId,
    string DisplayName,
    string Role,
    string? CallerNumber,
    string? ContactId,
    string PasscodeKind,
    DateTimeOffset? JoinedAt,
    DateTimeOffset? LeftAt)
{
    public double? DurationSeconds => JoinedAt is { } j && LeftAt is { } l ? (l - j).TotalSeconds : null;
}

/// <summary>Reads a meeting's roster from its access slot.</summary>
public sealed class AttendanceStore(RedisRunner redis, AccessSlot access)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<AttendanceEntry>> ForMeetingAsync(Meeting meeting, CancellationToken ct = default)
    {
        var values = await redis.ReadAsync(access.Roster(meeting.AccessTag), static (db, key) => db.HashValuesAsync(key), ct);
        return values.Select(v => JsonSerializer.Deserialize<AttendanceEntry>(v.ToString(), Json)!)
            // Admitted callers who hung up before the bridge did not attend.
            .Where(e => e.MeetingId == meeting.Id && e.JoinedAt is not null)
            .OrderBy(e => e.JoinedAt ?? DateTimeOffset.MaxValue)
            .ToList();
    }
}
