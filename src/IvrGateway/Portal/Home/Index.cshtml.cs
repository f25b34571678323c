using Microsoft.AspNetCore.Mvc.RazorPages;
using IvrGateway.Codes;
using IvrGateway.Infrastructure.Auth;
using IvrGateway.Organizers;
using IvrGateway.Portal.Meetings;
using IvrGateway.Scheduling;
using Microsoft.AspNetCore.Mvc;

namespace IvrGateway.Portal.Home;

/// <summary>Today's calls (the organizer's calendar day), Upcoming (after today) and Past (ended, with attendance), the last two paged.</summary>
public sealed class IndexModel(OrganizerStore organizers, MeetingStore meetings, AccessSlotStore slots, TimeProvider time) : PageModel
{
    public const int PageSize = 20;

    /// <summary>A meeting runs at most this long, so one that started longer ago has ended.</summary>
    private static readonly TimeSpan LongestMeeting = TimeSpan.FromMinutes(1440);

    public IReadOnlyList<MeetingRow> Today { get; private set; } = [];

    public IReadOnlyList<MeetingRow> Upcoming { get; private set; } = [];

    public IReadOnlyList<MeetingRow> Past { get; private set; } = [];

    public int UpcomingPage { get; private set; } = 1;

    public bool UpcomingHasNext { get; private set; }

    public int PastPage { get; private set; } = 1;

    public bool PastHasNext { get; private set; }

    public string TodayText { get; private set; } = "";

    public string TimeZone { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "page")] string? upcomingPage, [FromQuery(Name = "past")] string? pastPage, CancellationToken ct)
    {
        var organizer = await organizers.GetAsync(User.OrganizerId(), ct);
        if (organizer is null)
        {
            return NotFound();
        }
        var now = time.GetUtcNow();
        var zone = MeetingDisplay.Zone(organizer.TimeZone);
        TimeZone = organizer.TimeZone;
        TodayText = MeetingDisplay.Day(now, zone);
        var (from, to) = MeetingDisplay.Today(now, zone);
        Today = (await meetings.ListAsync(organizer.Id, from, to, 500, ct)).Select(m => MeetingDisplay.Row(m, zone, now)).ToList();

        UpcomingPage = MeetingDisplay.PageNumber(upcomingPage);
        var upcoming = await meetings.ListPageAsync(organizer.Id, to, DateTimeOffset.MaxValue, newestFirst: false, (UpcomingPage - 1) * PageSize, PageSize + 1, ct);
        UpcomingHasNext = upcoming.Count > PageSize;
        Upcoming = upcoming.Take(PageSize).Select(m => MeetingDisplay.Row(m, zone, now)).ToList();

        PastPage = MeetingDisplay.PageNumber(pastPage);
        var past = await PastAsync(organizer.Id, now, (PastPage - 1) * PageSize, PageSize + 1, ct);
        PastHasNext = past.Count > PageSize;
        var shown = past.Take(PageSize).ToList();
        var attended = await Task.WhenAll(shown.Select(m => slots.RosterAsync(m.SlotId, m.Id, ct)));
        Past = shown.Select((m, i) => MeetingDisplay.Row(m, zone, now, attended[i].Count)).ToList();
        return Page();
    }

    /// <summary>
    /// Ended meetings, latest start first. Those that started within the longest meeting's length may still run, so that
    /// band is read whole and filtered; everything older has ended and is paged in Redis.
    /// </summary>
    private async Task<IReadOnlyList<Meeting>> PastAsync(string organizerId, DateTimeOffset now, int skip, int take, CancellationToken ct)
    {
        var recent = (await meetings.ListAsync(organizerId, now - LongestMeeting, now, 500, ct))
            .Where(m => m.End <= now).OrderByDescending(m => m.Start).ToList();
        var fromRecent = recent.Skip(skip).Take(take).ToList();
        var rest = take - fromRecent.Count;
        if (rest == 0)
        {
            return fromRecent;
        }
        var older = await meetings.ListPageAsync(organizerId, DateTimeOffset.FromUnixTimeMilliseconds(0), now - LongestMeeting, newestFirst: true,
            Math.Max(0, skip - recent.Count), rest, ct);
        return [.. fromRecent, .. older];
    }
}
