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
public sealed class LivePanels(LiveRosters rosters, TwilioRest rest)
{
    public async Task<LiveRosterPanel> ForAsync(Meeting meeting, Organizer organizer, CancellationToken ct)
    {
        var roster = await rosters.ReadAsync(meeting, organizer.TimeZone, ct);
        return new LiveRosterPanel(meeting.Id, roster, rest.Options.UnavailableReason, Version(roster));
    }

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

/// <summary>What the live roster partial renders. <see cref="ControlsUnavailable"/> says why mute and remove cannot work here.</summary>
public sealed record LiveRosterPanel(string MeetingId, LiveRoster Roster, string? ControlsUnavailable, string Version)
{
    public string LiveUrl => $"/portal/meetings/{MeetingId}/live";

    public string HandlerUrl(string handler) => $"{LiveUrl}?handler={handler}";

    public static string Time(DateTimeOffset local) => local.ToString("HH:mm", CultureInfo.InvariantCulture);
}
