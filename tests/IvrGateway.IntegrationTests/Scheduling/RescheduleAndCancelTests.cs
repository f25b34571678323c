using System.Net;
using System.Net.Http.Json;
using IvrGateway.Codes;

namespace IvrGateway.IntegrationTests.Scheduling;

public sealed class RescheduleAndCancelTests : ApplicationFixture<IvrApplication>
{
    private TestOrganizer organizer = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        organizer = await app.NewOrganizerAsync();
    }

    [Test]
    public async Task Rescheduling_moves_the_window_callers_see()
    {
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(10));
        Assert.That((await app.LookupAsync(meeting.AccessCode)).State, Is.EqualTo(CodeState.Active), "opened 15 minutes before the start");

        var newStart = meeting.Start.AddDays(1);
        var response = await organizer.Http.PatchAsJsonAsync("/api/v1/conferences/" + meeting.Id,
            new { start = newStart.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture), durationMinutes = 90 });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var moved = (await response.Content.ReadFromJsonAsync<ConferenceDto>(IvrApplication.Json))!;
        var match = await app.LookupAsync(meeting.AccessCode);
        Assert.Multiple(() =>
        {
            Assert.That(moved.AccessCode, Is.EqualTo(meeting.AccessCode), "the code stays the same");
            Assert.That(moved.ActiveFrom, Is.EqualTo(newStart.AddMinutes(-15)));
            Assert.That(moved.ActiveUntil, Is.EqualTo(newStart.AddMinutes(90 + 60)));
            Assert.That(match.State, Is.EqualTo(CodeState.NotYetActive));
            Assert.That(match.ActiveFrom, Is.EqualTo(moved.ActiveFrom));
            Assert.That(match.Start, Is.EqualTo(newStart));
        });
    }

    [Test]
    public async Task A_cancelled_meetings_code_tells_callers_it_is_cancelled_and_is_quarantined()
    {
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5));

        var response = await organizer.Http.DeleteAsync("/api/v1/conferences/" + meeting.Id);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var match = await app.LookupAsync(meeting.AccessCode);
        Assert.That(match.State, Is.EqualTo(CodeState.Cancelled));
        var codeKey = $"{app.KeyPrefix}:{{a:{match.SlotId}}}:code";
        var ttl = await TestRedis.Database.KeyTimeToLiveAsync(codeKey);
        Assert.That(ttl, Is.GreaterThan(TimeSpan.FromDays(89)).And.LessThanOrEqualTo(TimeSpan.FromDays(90.1)), "kept out of circulation for the quarantine");
        var read = await organizer.Http.GetFromJsonAsync<ConferenceDto>("/api/v1/conferences/" + meeting.Id, IvrApplication.Json);
        Assert.That(read!.Status, Is.EqualTo("cancelled"));
    }

    [Test]
    public async Task A_cancelled_meeting_leaves_the_upcoming_list_and_cannot_be_rescheduled()
    {
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(3));
        await organizer.Http.DeleteAsync("/api/v1/conferences/" + meeting.Id);

        var upcoming = await organizer.Http.GetFromJsonAsync<List<ConferenceDto>>("/api/v1/conferences", IvrApplication.Json);
        var patch = await organizer.Http.PatchAsJsonAsync("/api/v1/conferences/" + meeting.Id, new { title = "Back on" });

        Assert.That(upcoming!.Select(m => m.Id), Does.Not.Contain(meeting.Id));
        Assert.That(patch.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task Cancelling_twice_is_harmless()
    {
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(3));

        var first = await organizer.Http.DeleteAsync("/api/v1/conferences/" + meeting.Id);
        var second = await organizer.Http.DeleteAsync("/api/v1/conferences/" + meeting.Id);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    [Test]
    public async Task A_meeting_that_has_ended_cannot_be_rescheduled()
    {
        var local = new IvrApplication();
        try
        {
            var owner = await local.NewOrganizerAsync();
            var meeting = await owner.ScheduleInAsync(TimeSpan.FromMinutes(1), durationMinutes: 10);
            local.Time.Advance(TimeSpan.FromMinutes(1 + 10 + 60));

            var patch = await owner.Http.PatchAsJsonAsync("/api/v1/conferences/" + meeting.Id, new { title = "Again" });

            Assert.That(patch.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await local.LookupAsync(meeting.AccessCode)).State, Is.EqualTo(CodeState.Expired));
        }
        finally
        {
            local.Dispose();
        }
    }

    [Test]
    public async Task Cancelling_a_personal_room_meeting_keeps_the_room_open()
    {
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { oneTimeAccessCode = false });

        await organizer.Http.DeleteAsync("/api/v1/conferences/" + meeting.Id);

        var match = await app.LookupAsync(organizer.Account.PersonalAccessCode);
        Assert.That(match.State, Is.EqualTo(CodeState.Active));
        Assert.That(match.MeetingId, Is.Null, "the cancelled meeting no longer owns the room");
    }
}
