using Microsoft.AspNetCore.Mvc.RazorPages;
using System.Globalization;
using IvrGateway.Codes;
using IvrGateway.Infrastructure.Auth;
using IvrGateway.Organizers;
using IvrGateway.Scheduling;
using Microsoft.AspNetCore.Mvc;

namespace IvrGateway.Portal.Meetings;

/// <summary>
/// Schedule a conference: the meeting's fields, invitees from the address book and, at the bottom, its Security Settings
/// pre-filled from Settings &gt; Security. The scheduler's own validation decides; nothing is stored on a bad submit.
/// </summary>
internal sealed class NewModel(OrganizerStore organizers, MeetingScheduler scheduler, MeetingRequestValidator validator, SecretProtector protector,
    TimeProvider time) : PageModel
{
    [BindProperty(Name = "title")] public string? Title { get; set; }

    [BindProperty(Name = "date")] public string? Date { get; set; }

    [BindProperty(Name = "time")] public string? Time { get; set; }

    [BindProperty(Name = "duration")] public string? Duration { get; set; }

    [BindProperty(Name = "timeZone")] public string? TimeZone { get; set; }

    [BindProperty(Name = "invitees")] public List<string>? Invitees { get; set; }

    [BindProperty(Name = "waitForHost")] public string? WaitForHost { get; set; }

    [BindProperty(Name = "oneTimeAccessCode")] public string? OneTimeAccessCode { get; set; }

    [BindProperty(Name = "passcodeMode")] public string? PasscodeMode { get; set; }

    [BindProperty(Name = "sharedPasscode")] public string? SharedPasscode { get; set; }

    public FormErrors Errors { get; } = new();

    /// <summary>Why the scheduler refused a valid form (a code could not be drawn, the room is gone).</summary>
    public string? Problem { get; private set; }

    public IReadOnlyList<Contact> Contacts { get; private set; } = [];

    public IReadOnlyList<string> TimeZones { get; private set; } = [];

    public bool Checked(string? box) => box is "true" or "on";

    public bool Invited(string contactId) => Invitees?.Contains(contactId, StringComparer.Ordinal) == true;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var organizer = await organizers.GetAsync(User.OrganizerId(), ct);
        if (organizer is null)
        {
            return NotFound();
        }
        // The next whole hour in the organizer's zone: a start that is valid as it stands.
        var zone = MeetingDisplay.Zone(organizer.TimeZone);
        var next = MeetingDisplay.Local(time.GetUtcNow(), zone).AddHours(1);
        Date = next.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Time = next.ToString("HH", CultureInfo.InvariantCulture) + ":00";
        Duration = "30";
        TimeZone = organizer.TimeZone;
        WaitForHost = "true";
        var defaults = organizer.Security;
        OneTimeAccessCode = defaults.OneTimeAccessCode ? "true" : null;
        PasscodeMode = ModeName(defaults.PasscodeMode);
        SharedPasscode = defaults.SharedPasscodeProtected is { } p ? protector.Unprotect(p) : null;
        await LoadChoicesAsync(organizer, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var organizer = await organizers.GetAsync(User.OrganizerId(), ct);
        if (organizer is null)
        {
            return NotFound();
        }
        var start = ScheduleFormFields.Start(Date, Time, TimeZone, Errors);
        var duration = ScheduleFormFields.Duration(Duration, Errors);
        PasscodeMode? mode = PasscodeMode switch
        {
            "none" => Codes.PasscodeMode.None,
            "shared" => Codes.PasscodeMode.Shared,
            "unique" => Codes.PasscodeMode.Unique,
            _ => null,
        };
        if (mode is null)
        {
            Errors.Add("passcodeMode", "Choose none, shared or unique.");
        }
        if (Title?.Length > ScheduleFormFields.MaxTextLength || SharedPasscode?.Length > ScheduleFormFields.MaxTextLength)
        {
            Errors.Add(Title?.Length > ScheduleFormFields.MaxTextLength ? "title" : "sharedPasscode", "This is far too long.");
        }
        var request = new CreateMeetingRequest(Title, start, duration, TimeZone, Invitees ?? [],
            new SecurityRequest(Checked(OneTimeAccessCode), mode ?? Codes.PasscodeMode.None, mode == Codes.PasscodeMode.Shared ? SharedPasscode?.Trim() : null),
            Checked(WaitForHost));
        if (Errors.Any)
        {
            // The form's own problems stop here; the scheduler's checks still run, without storing, so every problem shows at once.
            if ((Title?.Length ?? 0) <= ScheduleFormFields.MaxTextLength && (Invitees?.Count ?? 0) <= 1000)
            {
                var (_, domain) = await validator.ValidateCreateAsync(organizer, request, time.GetUtcNow(), ct);
                ScheduleFormFields.AddDomain(Errors, domain.ToDictionary());
            }
            return await RedisplayAsync(organizer, ct);
        }
        switch (await scheduler.CreateAsync(organizer, request, ct))
        {
            case ScheduleOutcome.Scheduled(var meeting):
                TempData["Status"] = meeting.Invitees.Count == 0
                    ? $"Scheduled \u201c{meeting.Title}\u201d."
                    : $"Scheduled \u201c{meeting.Title}\u201d. Invitations are on their way.";
                return Redirect($"/portal/meetings/{meeting.Id}");
            case ScheduleOutcome.Invalid(var errors):
                ScheduleFormFields.AddDomain(Errors, errors);
                return await RedisplayAsync(organizer, ct);
            case ScheduleOutcome.NotFound(var reason):
                Problem = reason;
                return await RedisplayAsync(organizer, ct);
            case ScheduleOutcome.Conflict(var reason):
                Problem = reason;
                return await RedisplayAsync(organizer, ct);
            default:
                return NotFound();
        }
    }

    private async Task<IActionResult> RedisplayAsync(Organizer organizer, CancellationToken ct)
    {
        await LoadChoicesAsync(organizer, ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadChoicesAsync(Organizer organizer, CancellationToken ct)
    {
        Contacts = (await organizers.ListContactsAsync(organizer.Id, ct)).OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
        TimeZones = ScheduleFormFields.TimeZoneChoices(TimeZone);
    }

    private static string ModeName(PasscodeMode mode) => mode switch
    {
        Codes.PasscodeMode.Shared => "shared",
        Codes.PasscodeMode.Unique => "unique",
        _ => "none",
    };
}
