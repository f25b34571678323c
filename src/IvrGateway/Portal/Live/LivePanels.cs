using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IvrGateway.Conferences;
using IvrGateway.Organizers;
using IvrGateway.Scheduling;

namespace IvrGateway.Portal.Live;

/// <summary>
/// Builds the live roster panel (<c>_LiveRoster.cshtml</c>) for a meeting: the Live page renders it, and so can the
/// meeting's own page (<c>&lt;partial name="/Portal/Live/_LiveRoster.cshtml" model="Model.Roster" /&gt;</c>).
/// </summary>
public sealed class LivePanels(LiveRosters rosters, TwilioRest rest, TimeProvider time)
{
    public async Task<LiveRosterPanel> ForAsync(Meeting meeting, Organizer organizer, CancellationToken ct)
    {
        var roster = await rosters.ReadAsync(meeting, organizer.TimeZone, ct);
        var over = Over(meeting, roster, time.GetUtcNow());
        return new LiveRosterPanel(meeting.Id, roster, rest.Options.UnavailableReason, Version(roster) + (over is null ? "" : "-over"), over);
    }

    /// <summary>
    /// Why the roster can no longer change, or null while it can: then the page stops asking for it. A closed window with
    /// people still in it is not over yet (they talk on, and the host may still mute, remove or end); once they have left,
    /// nobody can come back in.
    /// </summary>
    private static string? Over(Meeting meeting, LiveRoster roster, DateTimeOffset now) => meeting switch
    {
        { Status: MeetingStatus.Cancelled } => "The meeting was cancelled.",
        _ when roster.Ended => "The meeting has ended.",
        _ when now >= meeting.ActiveUntil && roster.Participants.Count == 0 => "The meeting is over: its access code has expired and everyone has left.",
        _ => null,
    };

    /// <summary>Changes whenever what the panel shows changes, so the page's script replaces the panel only then (keeping focus).</summary>
    private static string Version(LiveRoster roster)
    {
        var text = new StringBuilder();
        text.Append(roster.Locked).Append('|').Append(roster.Ended).Append('|').Append(roster.Open);
        foreach (var p in roster.Participants)
        {
            text.Append('|').Append(p.CallSid).Append(p.Muted ? 'm' : '-').Append(p.Label);
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}

/// <summary>
/// What the live roster partial renders. <see cref="ControlsUnavailable"/> says why mute and remove cannot work here;
/// <see cref="Over"/> says why the roster will not change any more (the panel then stops the page's polling).
/// </summary>
public sealed record LiveRosterPanel(string MeetingId, LiveRoster Roster, string? ControlsUnavailable, string Version, string? Over = null)
{
    public string LiveUrl => $"/portal/meetings/{MeetingId}/live";

    public string HandlerUrl(string handler) => $"{LiveUrl}?handler={handler}";

    public static string Time(DateTimeOffset local) => local.ToString("HH:mm", CultureInfo.InvariantCulture);
}
