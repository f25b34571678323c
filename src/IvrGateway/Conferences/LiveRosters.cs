using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Scheduling;

namespace IvrGateway.Conferences;

/// <summary>Who is in a meeting now, as the conference callbacks recorded it, with what the host did to it.</summary>
public sealed class LiveRosters(AccessSlotStore slots, TimeProvider time)
{
    /// <summary>The meeting's participants still in it (joined, not left), oldest first; times in <paramref name="timeZone"/>.</summary>
    public async Task<LiveRoster> ReadAsync(Meeting meeting, string timeZone, CancellationToken ct = default)
    {
        var zone = TimeZones.FindIana(timeZone) ?? TimeZoneInfo.Utc;
        var roster = await slots.RosterAsync(meeting.SlotId, meeting.Id, ct);
        var controls = await slots.LiveControlsAsync(meeting.SlotId, meeting.Id, ct);
        var now = time.GetUtcNow();
        var participants = roster.Where(e => e.LeftAt is null && e.JoinedAt is not null)
            .Select(e => new LiveParticipant(e.CallSid, e.DisplayName, TimeZoneInfo.ConvertTime(e.JoinedAt!.Value, zone),
                e.Role == Admission.HostRole, IsWeb(e.CallerNumber), IsWeb(e.CallerNumber) ? "browser" : CallerMask.Mask(e.CallerNumber),
                controls.MutedCalls.Contains(e.CallSid)))
            .ToList();
        var open = meeting.Status == MeetingStatus.Scheduled && !controls.Ended && meeting.ActiveFrom <= now && now < meeting.ActiveUntil;
        return new LiveRoster(meeting.Id, participants, controls.Locked, controls.Ended, open, TimeZoneInfo.ConvertTime(now, zone));
    }

    /// <summary>Browser callers arrive as <c>client:&lt;identity&gt;</c>.</summary>
    private static bool IsWeb(string? number) => number?.StartsWith("client:", StringComparison.Ordinal) == true;
}

/// <summary>One participant in the meeting now. <see cref="Number"/> is masked (<c>+1*******23</c>) or "browser".</summary>
public sealed record LiveParticipant(string CallSid, string Label, DateTimeOffset Since, bool IsHost, bool Web, string Number, bool Muted);

/// <summary>The meeting's live state: who is in, locked, ended, whether its code admits callers now (<see cref="Open"/>).</summary>
public sealed record LiveRoster(string MeetingId, IReadOnlyList<LiveParticipant> Participants, bool Locked, bool Ended, bool Open, DateTimeOffset ReadAt);
