using System.Globalization;
using IvrGateway.Infrastructure;
using IvrGateway.Organizers;
using IvrGateway.Scheduling;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace IvrGateway.Join;

/// <summary>
/// What an invitee's link opens: the meeting, their own dial-in details with one-tap strings, and <em>Join from this
/// browser</em>, which waits for the activation window (a countdown) and asks for a shared passcode in a pop-up.
/// </summary>
public sealed class JoinPageModel(JoinInvitations invitations, OrganizerStore organizers, IOptions<BrowserAudioOptions> audio, TimeProvider time)
    : PageModel
{
    public JoinInvitation? Invitation { get; private set; }

    public JoinTexts Texts { get; private set; } = JoinTexts.English;

    public string OrganizerName { get; private set; } = "";

    public string StartText { get; private set; } = "";

    public bool AudioConfigured => audio.Value.IsConfigured;

    public bool Cancelled => Invitation?.Status == MeetingStatus.Cancelled;

    public bool Ended { get; private set; }

    public JoinControls? Controls { get; private set; }

    public async Task OnGetAsync(string token, string? lang)
    {
        var ct = HttpContext.RequestAborted;
        Invitation = await invitations.FindAsync(token, ct);
        if (Invitation is not { } invitation)
        {
            Texts = JoinTexts.For(lang, null, Request.Headers.AcceptLanguage.ToString());
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var organizer = await organizers.GetAsync(invitation.OrganizerId, ct);
        var contact = (await organizers.GetContactsAsync(invitation.OrganizerId, [invitation.ContactId], ct)).FirstOrDefault();
        Texts = JoinTexts.For(lang, contact?.Locale, Request.Headers.AcceptLanguage.ToString());
        OrganizerName = organizer?.Name ?? "";
        var zone = TimeZones.FindIana(invitation.TimeZone) ?? TimeZoneInfo.Utc;
        StartText = Local(invitation.Start, zone, Texts.LongDateFormat);
        var now = time.GetUtcNow();
        Ended = now >= invitation.ActiveUntil;
        if (!Cancelled && !Ended && AudioConfigured)
        {
            var waiting = now < invitation.ActiveFrom;
            Controls = new JoinControls(Texts, $"/join/{token}/session", WebAdmission.NewPageId(),
                invitation.PasscodeMode == Codes.PasscodeMode.Shared, waiting ? invitation.ActiveFrom : null, now,
                Local(invitation.ActiveFrom, zone, "HH:mm") + " (" + invitation.TimeZone + ")")
            {
                SimulatorOrigin = audio.Value.VoiceSdkSimulatorOrigin,
            };
        }
    }

    public string Iso(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A <c>tel:</c> link that dials the number, waits, and types the code (and passcode): commas pause, # is escaped.</summary>
    public static string TelLink(string oneTap) =>
        "tel:" + Uri.EscapeDataString(oneTap).Replace("%2C", ",", StringComparison.Ordinal).Replace("%2B", "+", StringComparison.Ordinal);

    private string Local(DateTimeOffset instant, TimeZoneInfo zone, string format) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString(format, Texts.Culture);
}
