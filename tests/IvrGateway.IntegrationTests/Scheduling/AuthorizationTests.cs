using System.Net;
using System.Net.Http.Json;

namespace IvrGateway.IntegrationTests.Scheduling;

public sealed class AuthorizationTests : ApplicationFixture<IvrApplication>
{
    private TestOrganizer alice = null!;
    private TestOrganizer bob = null!;
    private ConferenceDto alicesMeeting = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        alice = await app.NewOrganizerAsync("Alice");
        bob = await app.NewOrganizerAsync("Bob");
        alicesMeeting = await alice.ScheduleInAsync(TimeSpan.FromDays(1));
    }

    [Test]
    public async Task Another_organizers_meeting_does_not_exist_for_you()
    {
        var read = await bob.Http.GetAsync("/api/v1/conferences/" + alicesMeeting.Id);
        var attendance = await bob.Http.GetAsync($"/api/v1/conferences/{alicesMeeting.Id}/attendance");

        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(attendance.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task You_cannot_reschedule_or_cancel_another_organizers_meeting()
    {
        var before = TestRedis.Snapshot(app.KeyPrefix);

        var patch = await bob.Http.PatchAsJsonAsync("/api/v1/conferences/" + alicesMeeting.Id, new { title = "Hijacked" });
        var delete = await bob.Http.DeleteAsync("/api/v1/conferences/" + alicesMeeting.Id);

        Assert.That(patch.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(TestRedis.Snapshot(app.KeyPrefix), Is.EqualTo(before));
        var stillAlices = await alice.Http.GetFromJsonAsync<ConferenceDto>("/api/v1/conferences/" + alicesMeeting.Id, IvrApplication.Json);
        Assert.That(stillAlices!.Status, Is.EqualTo("scheduled"));
    }

    [Test]
    public async Task Another_organizers_meetings_are_not_in_your_list()
    {
        var bobsList = await bob.Http.GetFromJsonAsync<List<ConferenceDto>>("/api/v1/conferences?view=upcoming", IvrApplication.Json);

        Assert.That(bobsList!.Select(m => m.Id), Does.Not.Contain(alicesMeeting.Id));
    }

    [Test]
    public async Task Ops_read_every_meeting_and_its_attendance()
    {
        var read = await app.Ops().GetAsync("/api/v1/conferences/" + alicesMeeting.Id);
        var attendance = await app.Ops().GetAsync($"/api/v1/conferences/{alicesMeeting.Id}/attendance");

        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(attendance.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Ops_read_a_meetings_metadata_but_never_its_codes_passcodes_or_links()
    {
        var carol = await alice.AddContactAsync("Carol Chen");
        var meeting = await alice.ScheduleInAsync(TimeSpan.FromHours(3), security: new { passcodeMode = "unique" }, invitees: [carol.Id]);
        var shared = await alice.ScheduleInAsync(TimeSpan.FromHours(4), security: new { passcodeMode = "shared", sharedPasscode = "739164" });

        foreach (var m in new[] { meeting, shared })
        {
            var text = await app.Ops().GetStringAsync("/api/v1/conferences/" + m.Id);
            var view = System.Text.Json.JsonDocument.Parse(text).RootElement;

            Assert.Multiple(() =>
            {
                Assert.That(view.GetProperty("id").GetString(), Is.EqualTo(m.Id));
                Assert.That(view.GetProperty("title").GetString(), Is.EqualTo(m.Title));
                Assert.That(view.GetProperty("passcodeMode").GetString(), Is.EqualTo(m.PasscodeMode));
                Assert.That(view.GetProperty("organizerId").GetString(), Is.EqualTo(alice.Account.Id));
                foreach (var hidden in new[] { "accessCode", "sharedPasscode", "invitations", "dialInNumbers", "hostPin" })
                {
                    Assert.That(view.TryGetProperty(hidden, out _), Is.False, hidden);
                }
                Assert.That(text, Does.Not.Contain(m.AccessCode));
                Assert.That(text, Does.Not.Contain("739164"));
                Assert.That(text, Does.Not.Contain(alice.Account.HostPin));
                Assert.That(text, Does.Not.Contain("/join/").And.Not.Contain("http"));
                foreach (var invitation in m.Invitations)
                {
                    Assert.That(text, Does.Not.Contain(invitation.Passcode!));
                    Assert.That(text, Does.Not.Contain(invitation.JoinUrl));
                }
            });
        }
        var organizersView = await alice.Http.GetFromJsonAsync<ConferenceDto>("/api/v1/conferences/" + meeting.Id, IvrApplication.Json);
        Assert.That(organizersView!.AccessCode, Is.EqualTo(meeting.AccessCode), "the organizer's view keeps the codes");
        Assert.That(organizersView.Invitations.Single().Passcode, Is.EqualTo(meeting.Invitations.Single().Passcode));
    }

    [Test]
    public async Task Ops_and_admin_may_not_schedule()
    {
        var body = new { title = "x", start = "2031-01-01T09:00:00Z", durationMinutes = 30 };

        Assert.That((await app.Ops().PostAsJsonAsync("/api/v1/conferences", body)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await app.Admin().PostAsJsonAsync("/api/v1/conferences", body)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_made_up_meeting_id_is_404()
    {
        var response = await alice.Http.GetAsync("/api/v1/conferences/mtg_doesnotexist1234");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
