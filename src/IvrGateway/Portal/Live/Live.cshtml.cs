using IvrGateway.Conferences;
using IvrGateway.Infrastructure.Auth;
using IvrGateway.Organizers;
using IvrGateway.Scheduling;
using IvrGateway.Voice;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Portal.Live;

/// <summary>
/// A meeting while it runs: Start, Call me, the live roster and the host's controls. Every action is a POST form that
/// redirects back here with a status message; another organizer's meeting does not exist (404).
/// </summary>
public sealed class LiveModel(MeetingStore meetings, OrganizerStore organizers, LivePanels panels, ConferenceControl control, ContextFactory voice,
    TimeProvider time) : PageModel
{
    /// <summary>A typed phone number longer than this is not one.</summary>
    public const int PhoneMaxLength = 32;

    public Meeting Meeting { get; private set; } = null!;

    public Organizer Organizer { get; private set; } = null!;

    public LiveRosterPanel Roster { get; private set; } = null!;

    /// <summary>Why Call me cannot work on this gateway (no Twilio account configured), or null.</summary>
    public string? CallMeUnavailable { get; private set; }

    /// <summary>The layout shows it at the top of the next page.</summary>
    [TempData(Key = "Status")]
    public string? StatusMessage { get; set; }

    [TempData]
    public string? ErrorMessage { get; set; }

    /// <summary>The number Call me rings when the profile has none.</summary>
    [BindProperty]
    public string? Phone { get; set; }

    public DateTimeOffset Now { get; private set; }

    public TimeZoneInfo Zone => Meetings.MeetingDisplay.Zone(Organizer.TimeZone);

    public DateTimeOffset Local(DateTimeOffset instant) => Meetings.MeetingDisplay.Local(instant, Zone);

    public bool Cancelled => Meeting.Status == MeetingStatus.Cancelled;

    public bool Over => Roster.Roster.Ended || Now >= Meeting.ActiveUntil;

    public bool Open => Roster.Roster.Open;

    /// <summary>Start is offered for a meeting of today that is not open yet (the scheduler checks "today" again).</summary>
    public bool CanStart => !Cancelled && !Over && !Open && Local(Meeting.Start).Date == Local(Now).Date;

    public bool CanCallMe => !Cancelled && !Over && (Open || CanStart);

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ? Page() : NotFound();

    /// <summary>The roster panel alone, for live.js to swap in.</summary>
    public async Task<IActionResult> OnGetRosterAsync(string id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        return Partial("/Portal/Live/_LiveRoster.cshtml", Roster);
    }

    public async Task<IActionResult> OnPostCallMeAsync(string id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var typed = Organizer.Phone is { Length: > 0 } ? Organizer.Phone : Phone;
        var phone = typed is { Length: <= PhoneMaxLength } ? ContactDetails.ToE164(typed) : null;
        if (phone is null)
        {
            ModelState.AddModelError(nameof(Phone), string.IsNullOrWhiteSpace(typed)
                ? "Enter the phone number to call, in international format, such as +1 202 555 0123."
                : "That is not a phone number we can call: use international format, starting with + and the country code, such as +1 202 555 0123.");
            return Page();
        }
        if (CallMeUnavailable is { } why)
        {
            ErrorMessage = why;
            return RedirectToLive(id);
        }
        if (!CanCallMe)
        {
            ErrorMessage = "This meeting cannot be started now.";
            return RedirectToLive(id);
        }
        // A number Call me will not ring must not open the meeting on the way to being refused.
        if (HttpContext.RequestServices.GetRequiredService<CallMeDestinations>().Refusal(phone) is { } notRung)
        {
            ErrorMessage = notRung;
            return RedirectToLive(id);
        }
        if (!Open && await StartAsync() is { } refused)
        {
            ErrorMessage = refused;
            return RedirectToLive(id);
        }
        var dialer = HttpContext.RequestServices.GetRequiredService<CallMeDialer>();
        var placed = await dialer.PlaceAsync(Organizer, Meeting, phone, voice.Urls(HttpContext).Base, HttpContext.RequestAborted);
        return Done(id, placed);
    }

    public async Task<IActionResult> OnPostMuteAsync(string id, string? callSid, string? muted)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (!IsCallSid(callSid) || muted is not ("true" or "false"))
        {
            ErrorMessage = "That participant is no longer in the meeting.";
            return RedirectToLive(id);
        }
        return Done(id, await control.MuteAsync(Meeting, callSid!, muted == "true", HttpContext.RequestAborted));
    }

    public async Task<IActionResult> OnPostRemoveAsync(string id, string? callSid)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (!IsCallSid(callSid))
        {
            ErrorMessage = "That participant is no longer in the meeting.";
            return RedirectToLive(id);
        }
        return Done(id, await control.RemoveAsync(Meeting, callSid!, HttpContext.RequestAborted));
    }

    public async Task<IActionResult> OnPostLockAsync(string id, string? locked)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (locked is not ("true" or "false") || Cancelled || Over)
        {
            ErrorMessage = "This meeting cannot be locked now.";
            return RedirectToLive(id);
        }
        return Done(id, await control.SetLockedAsync(Meeting, locked == "true", HttpContext.RequestAborted));
    }

    public async Task<IActionResult> OnPostEndAsync(string id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (Cancelled || Roster.Roster.Ended)
        {
            ErrorMessage = Cancelled ? "This meeting is cancelled." : "This meeting has already ended.";
            return RedirectToLive(id);
        }
        return Done(id, await control.EndAsync(Meeting, HttpContext.RequestAborted));
    }

    private async Task<string?> StartAsync()
    {
        var scheduler = HttpContext.RequestServices.GetRequiredService<MeetingScheduler>();
        return await scheduler.StartNowAsync(Organizer, Meeting.Id, HttpContext.RequestAborted) switch
        {
            ScheduleOutcome.Conflict conflict => conflict.Reason,
            ScheduleOutcome.NotFound notFound => notFound.Reason,
            _ => null,
        };
    }

    private IActionResult Done(string id, ControlOutcome outcome)
    {
        if (outcome.Succeeded)
        {
            StatusMessage = outcome.Message;
        }
        else
        {
            ErrorMessage = outcome.Message;
        }
        return RedirectToLive(id);
    }

    private RedirectResult RedirectToLive(string id) => Redirect($"/portal/meetings/{id}/live");

    /// <summary>The signed-in organizer's meeting, or false (no such meeting, or another organizer's: both 404).</summary>
    private async Task<bool> LoadAsync(string id)
    {
        var ct = HttpContext.RequestAborted;
        if (await organizers.GetAsync(User.OrganizerId(), ct) is not { } organizer
            || await meetings.GetAsync(id ?? "", ct) is not { } stored || stored.Meeting.OrganizerId != organizer.Id)
        {
            return false;
        }
        Organizer = organizer;
        Meeting = stored.Meeting;
        Now = time.GetUtcNow();
        Roster = await panels.ForAsync(Meeting, Organizer, ct);
        CallMeUnavailable = HttpContext.RequestServices.GetRequiredService<CallMeDialer>().UnavailableReason;
        return true;
    }

    private static bool IsCallSid(string? value) =>
        value is { Length: 34 } && value.StartsWith("CA", StringComparison.Ordinal) && value.AsSpan(2).ContainsOnlyHexDigits();
}

internal static class HexSpans
{
    public static bool ContainsOnlyHexDigits(this ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
