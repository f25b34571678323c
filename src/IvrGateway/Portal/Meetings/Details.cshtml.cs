using Microsoft.AspNetCore.Mvc.RazorPages;
using IvrGateway.Codes;
using IvrGateway.Organizers;
using IvrGateway.Scheduling;
using IvrGateway.Scheduling.Invitations;
using Microsoft.AspNetCore.Mvc;

namespace IvrGateway.Portal.Meetings;

/// <summary>
/// A meeting's page: when and its window, the codes, dial-in numbers and one-tap strings (the host's with the PIN), each
/// invitation with its link and passcode; resend, add and remove invitees, reschedule, cancel (after a confirmation);
/// during the window the way to the live roster, after the meeting the attendance.
/// </summary>
internal sealed class DetailsModel(OrganizerStore organizers, MeetingStore meetings, MeetingScheduler scheduler, MeetingViews views, AccessSlotStore slots,
    InvitationOutbox invitations, SecretProtector protector, Live.LivePanels livePanels, TimeProvider time) : PageModel
{
    /// <summary>The live roster during the meeting's window (the Live page's panel, with its controls); null outside it.</summary>
    public Live.LiveRosterPanel? Roster { get; private set; }

    public Meeting Meeting { get; private set; } = null!;

    public string TimeZone { get; private set; } = "";

    public string Day { get; private set; } = "";

    public string Times { get; private set; } = "";

    public string Window { get; private set; } = "";

    public MeetingPhase Phase { get; private set; }

    public bool InWindow { get; private set; }

    /// <summary>Scheduled and its code not expired: invitees, time and status may still change.</summary>
    public bool Changeable { get; private set; }

    public string AccessCode { get; private set; } = "";

    public string? SharedPasscode { get; private set; }

    public string HostPin { get; private set; } = "";

    public IReadOnlyList<DialInRow> DialIns { get; private set; } = [];

    public IReadOnlyList<InvitationRow> Invitations { get; private set; } = [];

    public IReadOnlyList<Contact> Uninvited { get; private set; } = [];

    public int ContactCount { get; private set; }

    public IReadOnlyList<AttendanceRow> Attendance { get; private set; } = [];

    public bool ShowAttendance { get; private set; }

    public bool ConfirmCancel { get; private set; }

    public FormErrors Errors { get; } = new();

    public string? Problem { get; private set; }

    public string Status => MeetingDisplay.StatusText(Phase);

    public string Local(DateTimeOffset? instant) => instant is { } i ? MeetingDisplay.Time(i, MeetingDisplay.Zone(TimeZone), Meeting.Start) : "";

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) =>
        await FindAsync(id, ct) is { } own ? await ShowAsync(own, ct) : NotFound();

    public async Task<IActionResult> OnPostResendAsync(string id, [FromForm] string? contactId, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } own)
        {
            return NotFound();
        }
        var invitee = own.Meeting.Invitees.FirstOrDefault(i => i.ContactId == contactId);
        if (invitee is null)
        {
            return NotFound();
        }
        if (own.Meeting.Status == MeetingStatus.Cancelled)
        {
            return await ProblemAsync(own, "This meeting is cancelled; its invitations are no longer sent.", ct);
        }
        await invitations.ResendAsync(own.Meeting, invitee, time.GetUtcNow(), ct);
        return Done(own, $"The invitation is on its way to {invitee.Name} again.");
    }

    public async Task<IActionResult> OnPostResendAllAsync(string id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } own)
        {
            return NotFound();
        }
        if (own.Meeting.Status == MeetingStatus.Cancelled)
        {
            return await ProblemAsync(own, "This meeting is cancelled; its invitations are no longer sent.", ct);
        }
        var now = time.GetUtcNow();
        foreach (var invitee in own.Meeting.Invitees)
        {
            await invitations.ResendAsync(own.Meeting, invitee, now, ct);
        }
        return Done(own, own.Meeting.Invitees.Count == 1 ? "The invitation is on its way again." : $"{own.Meeting.Invitees.Count} invitations are on their way again.");
    }

    /// <summary>The first step of cancelling: the page again, asking to confirm. Nothing changes yet.</summary>
    public async Task<IActionResult> OnPostCancelAsync(string id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } own)
        {
            return NotFound();
        }
        ConfirmCancel = own.Meeting.Status == MeetingStatus.Scheduled;
        return await ShowAsync(own, ct);
    }

    public async Task<IActionResult> OnPostCancelConfirmedAsync(string id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } own)
        {
            return NotFound();
        }
        return await scheduler.CancelAsync(own.Organizer, own.Meeting.Id, ct) switch
        {
            ScheduleOutcome.Scheduled(var cancelled) => Done(own, $"Cancelled \u201c{cancelled.Title}\u201d. Everyone invited gets a cancellation."),
            ScheduleOutcome.Conflict(var reason) => await ProblemAsync(own, reason, ct),
            _ => NotFound(),
        };
    }

    public async Task<IActionResult> OnPostAddInviteesAsync(string id, [FromForm] List<string>? contactIds, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } own)
        {
            return NotFound();
        }
        switch (await scheduler.AddInviteesAsync(own.Organizer, own.Meeting.Id, contactIds, ct))
        {
            case ScheduleOutcome.Scheduled(var updated):
                var added = updated.Invitees.Count - own.Meeting.Invitees.Count;
                return Done(own, added == 1 ? "Invited 1 contact. The invitation is on its way." : $"Invited {added} contacts. The invitations are on their way.");
            case ScheduleOutcome.Invalid(var errors):
                foreach (var message in errors.Values.SelectMany(m => m).Distinct(StringComparer.Ordinal))
                {
                    Errors.Add("contactIds", message);
                }
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return await ShowAsync(own, ct);
            case ScheduleOutcome.Conflict(var reason):
                return await ProblemAsync(own, reason, ct);
            default:
                return NotFound();
        }
    }

    public async Task<IActionResult> OnPostRemoveInviteeAsync(string id, [FromForm] string? contactId, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } own)
        {
            return NotFound();
        }
        var invitee = own.Meeting.Invitees.FirstOrDefault(i => i.ContactId == contactId);
        if (invitee is null)
        {
            return NotFound();
        }
        return await scheduler.RemoveInviteeAsync(own.Organizer, own.Meeting.Id, invitee.ContactId, ct) switch
        {
            ScheduleOutcome.Scheduled => Done(own, $"Removed {invitee.Name}. Their passcode and join link no longer work, and they get a cancellation."),
            ScheduleOutcome.Conflict(var reason) => await ProblemAsync(own, reason, ct),
            _ => NotFound(),
        };
    }

    private Task<OwnMeeting?> FindAsync(string id, CancellationToken ct) => OwnMeeting.FindAsync(User, id, organizers, meetings, ct);

    private RedirectResult Done(OwnMeeting own, string status)
    {
        TempData["Status"] = status;
        return Redirect($"/portal/meetings/{own.Meeting.Id}");
    }

    private async Task<IActionResult> ProblemAsync(OwnMeeting own, string problem, CancellationToken ct)
    {
        Problem = problem;
        Response.StatusCode = StatusCodes.Status409Conflict;
        // Read again: the meeting may have changed, which is often why the action was refused.
        return await FindAsync(own.Meeting.Id, ct) is { } fresh ? await ShowAsync(fresh, ct) : NotFound();
    }

    private async Task<IActionResult> ShowAsync(OwnMeeting own, CancellationToken ct)
    {
        var (organizer, m) = own;
        var now = time.GetUtcNow();
        var zone = MeetingDisplay.Zone(organizer.TimeZone);
        Meeting = m;
        TimeZone = organizer.TimeZone;
        Day = MeetingDisplay.Day(m.Start, zone);
        Times = $"{MeetingDisplay.Time(m.Start, zone)}–{MeetingDisplay.Time(m.End, zone, m.Start)} ({m.DurationMinutes} minutes)";
        Window = MeetingDisplay.Window(m, zone);
        Phase = MeetingDisplay.Phase(m, now);
        InWindow = MeetingDisplay.InWindow(m, now);
        Roster = InWindow && m.Status == MeetingStatus.Scheduled ? await livePanels.ForAsync(m, organizer, ct) : null;
        Changeable = m.Status == MeetingStatus.Scheduled && now < m.ActiveUntil;

        var view = views.Render(m);
        AccessCode = view.AccessCode;
        SharedPasscode = view.SharedPasscode;
        HostPin = protector.Unprotect(organizer.HostPinProtected);
        DialIns = view.DialInNumbers.Select(n => new DialInRow(n.Number, n.Country, MeetingViews.OneTapDialString(n.Number, AccessCode, SharedPasscode),
            InvitationComposer.HostOneTapDialString(n.Number, AccessCode, HostPin))).ToList();
        Invitations = view.Invitations.Select(i => new InvitationRow(i.ContactId, i.Name, i.Email, i.JoinUrl, i.Passcode, i.DialString)).ToList();

        var contacts = await organizers.ListContactsAsync(organizer.Id, ct);
        ContactCount = contacts.Count;
        Uninvited = contacts.Where(c => m.Invitees.All(i => i.ContactId != c.Id)).OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ToList();

        var roster = await slots.RosterAsync(m.SlotId, m.Id, ct);
        ShowAttendance = Phase == MeetingPhase.Ended || roster.Count > 0;
        var known = m.Invitees.Select(i => (i.ContactId, i.Name, i.Email))
            .Concat(contacts.Select(c => (ContactId: c.Id, c.Name, c.Email)))
            .DistinctBy(c => c.ContactId)
            .ToDictionary(c => c.ContactId, c => (c.Name, c.Email), StringComparer.Ordinal);
        Attendance = AttendanceRow.From(m, roster, organizer.Name, known);
        return Page();
    }
}
