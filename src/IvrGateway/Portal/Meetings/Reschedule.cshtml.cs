using Microsoft.AspNetCore.Mvc.RazorPages;
using System.Globalization;
using IvrGateway.Organizers;
using IvrGateway.Scheduling;
using Microsoft.AspNetCore.Mvc;

namespace IvrGateway.Portal.Meetings;

/// <summary>Moves a meeting (title, date, time, duration, zone, wait-for-host) through the scheduler: everyone invited gets the update.</summary>
internal sealed class RescheduleModel(OrganizerStore organizers, MeetingStore meetings, MeetingScheduler scheduler, MeetingRequestValidator validator,
    TimeProvider time) : PageModel
{
    [BindProperty(Name = "title")] public string? Title { get; set; }

    [BindProperty(Name = "date")] public string? Date { get; set; }

    [BindProperty(Name = "time")] public string? Time { get; set; }

    [BindProperty(Name = "duration")] public string? Duration { get; set; }

    [BindProperty(Name = "timeZone")] public string? TimeZone { get; set; }

    [BindProperty(Name = "waitForHost")] public string? WaitForHost { get; set; }

    public Meeting Meeting { get; private set; } = null!;

    public bool Changeable { get; private set; }

    public FormErrors Errors { get; } = new();

    public string? Problem { get; private set; }

    public IReadOnlyList<string> TimeZones => ScheduleFormFields.TimeZoneChoices(TimeZone);

    public bool Checked(string? box) => box is "true" or "on";

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } own)
        {
            return NotFound();
        }
        var m = own.Meeting;
        var local = MeetingDisplay.Local(m.Start, MeetingDisplay.Zone(m.TimeZone));
        Title = m.Title;
        Date = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Time = local.ToString("HH:mm", CultureInfo.InvariantCulture);
        Duration = m.DurationMinutes.ToString(CultureInfo.InvariantCulture);
        TimeZone = m.TimeZone;
        WaitForHost = m.WaitForHost ? "true" : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } own)
        {
            return NotFound();
        }
        if (!Changeable)
        {
            Problem = "This meeting can no longer be rescheduled.";
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        var start = ScheduleFormFields.Start(Date, Time, TimeZone, Errors);
        var duration = ScheduleFormFields.Duration(Duration, Errors);
        if (Title?.Length > ScheduleFormFields.MaxTextLength)
        {
            Errors.Add("title", "This is far too long.");
        }
        var request = new RescheduleRequest(Title ?? "", start, duration, TimeZone, Checked(WaitForHost));
        if (Errors.Any)
        {
            if ((Title?.Length ?? 0) <= ScheduleFormFields.MaxTextLength)
            {
                var (_, domain) = validator.ValidateReschedule(own.Meeting, request, time.GetUtcNow());
                ScheduleFormFields.AddDomain(Errors, domain.ToDictionary());
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        switch (await scheduler.RescheduleAsync(own.Organizer, own.Meeting.Id, request, ct))
        {
            case ScheduleOutcome.Scheduled(var moved):
                TempData["Status"] = $"Rescheduled \u201c{moved.Title}\u201d. Everyone invited gets the update.";
                return Redirect($"/portal/meetings/{moved.Id}");
            case ScheduleOutcome.Invalid(var errors):
                ScheduleFormFields.AddDomain(Errors, errors);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case ScheduleOutcome.Conflict(var reason):
                Problem = reason;
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            default:
                return NotFound();
        }
    }

    private async Task<OwnMeeting?> FindAsync(string id, CancellationToken ct)
    {
        var own = await OwnMeeting.FindAsync(User, id, organizers, meetings, ct);
        if (own is not null)
        {
            Meeting = own.Meeting;
            Changeable = own.Meeting.Status == MeetingStatus.Scheduled && time.GetUtcNow() < own.Meeting.ActiveUntil;
        }
        return own;
    }
}
