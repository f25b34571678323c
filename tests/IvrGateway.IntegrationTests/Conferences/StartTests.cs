using System.Globalization;
using IvrGateway.Codes;
using IvrGateway.Organizers;
using IvrGateway.Scheduling;

namespace IvrGateway.IntegrationTests.Conferences;

/// <summary>Start opens a meeting of today now: its code admits callers from this moment, before the usual 15 minutes.</summary>
public sealed class StartTests
{
    // 10:00 in New York on a future Wednesday: the clock's day is fixed, so "today" is too.
    private static readonly DateTimeOffset Morning = new(2027, 3, 10, 15, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Start_opens_a_meeting_later_today_so_its_code_works_now()
    {
        using var app = new IvrApplication(startsAt: Morning);
        var organizer = await app.NewOrganizerAsync();
        var meeting = await ScheduleAsync(organizer, hoursFromNow: 3);
        Assert.That((await app.LookupAsync(meeting.AccessCode)).State, Is.EqualTo(CodeState.NotYetActive));

        var outcome = await StartAsync(app, organizer, meeting.Id);

        Assert.That(outcome, Is.TypeOf<ScheduleOutcome.Scheduled>());
        Assert.That(((ScheduleOutcome.Scheduled)outcome).Meeting.ActiveFrom, Is.EqualTo(app.Time.GetUtcNow()));
        Assert.That((await app.LookupAsync(meeting.AccessCode)).State, Is.EqualTo(CodeState.Active));
    }

    [Test]
    public async Task Start_refuses_a_meeting_on_another_day()
    {
        using var app = new IvrApplication(startsAt: Morning);
        var organizer = await app.NewOrganizerAsync();
        var meeting = await ScheduleAsync(organizer, hoursFromNow: 26);

        var outcome = await StartAsync(app, organizer, meeting.Id);

        Assert.That(outcome, Is.TypeOf<ScheduleOutcome.Conflict>());
        Assert.That((await app.LookupAsync(meeting.AccessCode)).State, Is.EqualTo(CodeState.NotYetActive), "nothing changed");
    }

    [Test]
    public async Task Start_refuses_a_cancelled_meeting()
    {
        using var app = new IvrApplication(startsAt: Morning);
        var organizer = await app.NewOrganizerAsync();
        var meeting = await ScheduleAsync(organizer, hoursFromNow: 3);
        await organizer.Http.DeleteAsync($"/api/v1/conferences/{meeting.Id}");

        var outcome = await StartAsync(app, organizer, meeting.Id);

        Assert.That(outcome, Is.TypeOf<ScheduleOutcome.Conflict>());
        Assert.That(((ScheduleOutcome.Conflict)outcome).Reason, Does.Contain("cancelled"));
    }

    [Test]
    public async Task Start_of_another_organizer_s_meeting_is_not_found()
    {
        using var app = new IvrApplication(startsAt: Morning);
        var owner = await app.NewOrganizerAsync();
        var other = await app.NewOrganizerAsync("Mallory");
        var meeting = await ScheduleAsync(owner, hoursFromNow: 3);

        var outcome = await StartAsync(app, other, meeting.Id);

        Assert.That(outcome, Is.TypeOf<ScheduleOutcome.NotFound>());
        Assert.That((await app.LookupAsync(meeting.AccessCode)).State, Is.EqualTo(CodeState.NotYetActive));
    }

    [Test]
    public async Task Start_opens_a_personal_room_meeting_now_too()
    {
        using var app = new IvrApplication(startsAt: Morning);
        var organizer = await app.NewOrganizerAsync();
        var meeting = await ScheduleAsync(organizer, hoursFromNow: 3, oneTime: false);

        var outcome = await StartAsync(app, organizer, meeting.Id);

        Assert.That(outcome, Is.TypeOf<ScheduleOutcome.Scheduled>());
        var match = await app.LookupAsync(organizer.Account.PersonalAccessCode);
        Assert.That(match.MeetingId, Is.EqualTo(meeting.Id), "the room's current meeting is the started one");
    }

    private static Task<ConferenceDto> ScheduleAsync(TestOrganizer organizer, int hoursFromNow, bool oneTime = true) =>
        organizer.ScheduleOkAsync(new
        {
            title = "Planning",
            start = organizer.App.Time.GetUtcNow().AddHours(hoursFromNow).ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture),
            durationMinutes = 30,
            timeZone = "America/New_York",
            security = oneTime ? new { passcodeMode = "none", oneTimeAccessCode = true } : (object)new { oneTimeAccessCode = false },
        });

    private static async Task<ScheduleOutcome> StartAsync(IvrApplication app, TestOrganizer organizer, string meetingId)
    {
        var stored = (await app.Service<OrganizerStore>().GetAsync(organizer.Account.Id))!;
        return await app.Service<MeetingScheduler>().StartNowAsync(stored, meetingId, CancellationToken.None);
    }
}
