using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Auth;
using IvrGateway.Join;
using IvrGateway.Organizers;
using IvrGateway.Scheduling;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Portal.JoinOnline;

/// <summary>
/// The organizer joins their own meeting from the browser as host: no PIN (the portal session is the proof), and their
/// arrival starts the conference. Another organizer's meeting, or an unknown id, is 404.
/// </summary>
public sealed class HostBrowserModel(MeetingStore meetings, OrganizerStore organizers, WebAdmission admission, TimeProvider time) : PageModel
{
    public Meeting? Meeting { get; private set; }

    public JoinControls? Controls { get; private set; }

    public bool Ended { get; private set; }

    public bool AudioConfigured { get; private set; } = true;

    public async Task<IActionResult> OnGetAsync(string id, [FromServices] Microsoft.Extensions.Options.IOptions<BrowserAudioOptions> audio)
    {
        Meeting = await OwnAsync(id);
        if (Meeting is null)
        {
            return NotFound();
        }
        AudioConfigured = audio.Value.IsConfigured;
        var now = time.GetUtcNow();
        Ended = Meeting.Status == MeetingStatus.Cancelled || now >= Meeting.ActiveUntil;
        if (!Ended && AudioConfigured)
        {
            var zone = TimeZones.FindIana(Meeting.TimeZone) ?? TimeZoneInfo.Utc;
            var opensAt = TimeZoneInfo.ConvertTime(Meeting.ActiveFrom, zone).ToString("HH:mm", JoinTexts.English.Culture) + " (" + Meeting.TimeZone + ")";
            Controls = new JoinControls(JoinTexts.English, $"/portal/meetings/{Meeting.Id}/browser?handler=Session", WebAdmission.NewPageId(), NeedsPasscode: false,
                now < Meeting.ActiveFrom ? Meeting.ActiveFrom : null, now, opensAt)
            {
                SimulatorOrigin = audio.Value.VoiceSdkSimulatorOrigin,
            };
        }
        return Page();
    }

    /// <summary>The host's token and ticket (JSON for the page's script); antiforgery is checked as for every portal form.</summary>
    public async Task<IActionResult> OnPostSessionAsync(string id)
    {
        Response.Headers.CacheControl = "no-store";
        var meeting = await OwnAsync(id);
        if (meeting is null)
        {
            return NotFound();
        }
        var organizer = await organizers.GetAsync(meeting.OrganizerId, HttpContext.RequestAborted);
        var attempt = await admission.HostAsync(meeting, meeting.OrganizerId, organizer?.Name ?? "Organizer", HttpContext.RequestAborted);
        return new JoinReplyResult(attempt);
    }

    private async Task<Meeting?> OwnAsync(string id)
    {
        var stored = id.Length <= 64 ? await meetings.GetAsync(id, HttpContext.RequestAborted) : null;
        return stored is not null && stored.Meeting.OrganizerId == User.OrganizerId() ? stored.Meeting : null;
    }
}
