using IvrGateway.Infrastructure.Auth;
using IvrGateway.Organizers;
using IvrGateway.Scheduling;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Portal.Live;

/// <summary>
/// Start, as a form anywhere in the portal posts it (Today's calls, the meeting page, the Live page): opens the meeting
/// now and goes to its Live page, where Call me is. A GET of one's own meeting goes to the Live page.
/// </summary>
public sealed class StartModel(OrganizerStore organizers, MeetingStore meetings) : PageModel
{
    /// <summary>The layout shows it at the top of the next page.</summary>
    [TempData(Key = "Status")]
    public string? StatusMessage { get; set; }

    [TempData]
    public string? ErrorMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(string id) =>
        await organizers.GetAsync(User.OrganizerId(), HttpContext.RequestAborted) is { } organizer
        && await meetings.GetAsync(id ?? "", HttpContext.RequestAborted) is { } stored && stored.Meeting.OrganizerId == organizer.Id
            ? Redirect($"/portal/meetings/{id}/live")
            : NotFound();

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (await organizers.GetAsync(User.OrganizerId(), HttpContext.RequestAborted) is not { } organizer)
        {
            return NotFound();
        }
        var scheduler = HttpContext.RequestServices.GetRequiredService<MeetingScheduler>();
        switch (await scheduler.StartNowAsync(organizer, id ?? "", HttpContext.RequestAborted))
        {
            case ScheduleOutcome.NotFound:
                return NotFound();
            case ScheduleOutcome.Conflict conflict:
                ErrorMessage = conflict.Reason;
                break;
            default:
                StatusMessage = "The meeting is open: its access code admits callers now. Use Call me to join as host.";
                break;
        }
        return Redirect($"/portal/meetings/{id}/live");
    }
}
