using System.Net.Http.Json;
using System.Text.Json;

namespace IvrGateway.IntegrationTests.Voice;

/// <summary>Who is who in the conference: names from the address book, and shared passcodes made visible.</summary>
public sealed class ParticipantLabelTests : ApplicationFixture<IvrApplication>
{
    private async Task<VoiceCall> JoinAsync(ConferenceDto meeting, string from, string passcode)
    {
        var call = new VoiceCall(app, from: from);
        await call.DialAsync();
        await call.PressAsync(meeting.AccessCode + "#");
        await call.PressAsync(passcode + "#");
        Assert.That(call.Last!.Label, Is.Not.Null, call.Last.Body);
        await call.JoinAsync();
        return call;
    }

    [Test]
    public async Task An_invitee_appears_under_their_address_book_name()
    {
        var (_, meeting) = await VoiceScenarios.UniqueAsync(app, "Alice Archer", "Bob Baker");

        var bob = await JoinAsync(meeting, "+12025550201", meeting.Passcode("Bob Baker"));

        Assert.That(bob.Last!.Label, Is.EqualTo("Bob Baker"));
    }

    [Test]
    public async Task Further_callers_on_the_same_unique_passcode_appear_as_name_2_and_name_3()
    {
        var (_, meeting) = await VoiceScenarios.UniqueAsync(app, "Alice Archer");
        var passcode = meeting.Passcode("Alice Archer");

        var first = await JoinAsync(meeting, "+12025550211", passcode);
        var second = await JoinAsync(meeting, "+12025550212", passcode);
        var third = await JoinAsync(meeting, "+12025550213", passcode);

        Assert.That(new[] { first.Last!.Label, second.Last!.Label, third.Last!.Label },
            Is.EqualTo(new[] { "Alice Archer", "Alice Archer (2)", "Alice Archer (3)" }));
    }

    [Test]
    public async Task A_caller_who_drops_and_rejoins_from_the_same_number_keeps_their_name()
    {
        var (_, meeting) = await VoiceScenarios.UniqueAsync(app, "Alice Archer");
        var passcode = meeting.Passcode("Alice Archer");
        var alice = await JoinAsync(meeting, "+12025550221", passcode);
        var sharer = await JoinAsync(meeting, "+12025550222", passcode);
        Assert.That(sharer.Last!.Label, Is.EqualTo("Alice Archer (2)"));

        await sharer.LeaveAsync();
        await sharer.HangUpAsync();
        var sharerAgain = await JoinAsync(meeting, "+12025550222", passcode);

        Assert.That(sharerAgain.Last!.Label, Is.EqualTo("Alice Archer (2)"), "the same number gets its own label back");
        Assert.That(alice.Last!.Label, Is.EqualTo("Alice Archer"));
    }

    [Test]
    public async Task A_new_caller_takes_the_lowest_free_number()
    {
        var (_, meeting) = await VoiceScenarios.UniqueAsync(app, "Alice Archer");
        var passcode = meeting.Passcode("Alice Archer");
        await JoinAsync(meeting, "+12025550231", passcode);
        var second = await JoinAsync(meeting, "+12025550232", passcode);
        await JoinAsync(meeting, "+12025550233", passcode);
        await second.LeaveAsync();

        var newcomer = await JoinAsync(meeting, "+12025550234", passcode);

        Assert.That(newcomer.Last!.Label, Is.EqualTo("Alice Archer (2)"));
    }

    [Test]
    public async Task Retrying_the_admitting_request_does_not_take_a_second_label()
    {
        var (_, meeting) = await VoiceScenarios.UniqueAsync(app, "Alice Archer");
        var call = new VoiceCall(app, from: "+12025550241");
        await call.DialAsync();
        await call.PressAsync(meeting.AccessCode + "#");
        var fields = call.Fields("in-progress");
        fields["Digits"] = meeting.Passcode("Alice Archer");
        var action = call.Last!.GatherAction!;

        var first = await call.SendAsync(action, fields, token: "retry-token-1");
        var retried = await call.SendAsync(action, fields, token: "retry-token-1");

        Assert.That(retried.Body, Is.EqualTo(first.Body));
        Assert.That(retried.Label, Is.EqualTo("Alice Archer"));
    }

    [Test]
    public async Task Attendance_shows_who_joined_as_whom_when_and_for_how_long()
    {
        var (organizer, meeting) = await VoiceScenarios.UniqueAsync(app, "Alice Archer");
        var alice = await JoinAsync(meeting, "+12025550251", meeting.Passcode("Alice Archer"));
        app.Time.Advance(TimeSpan.FromMinutes(12));
        await alice.LeaveAsync();
        await alice.HangUpAsync(720);

        var attendance = await organizer.Http.GetFromJsonAsync<JsonElement>($"/api/v1/conferences/{meeting.Id}/attendance");

        var entry = attendance.EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.GetProperty("displayName").GetString(), Is.EqualTo("Alice Archer"));
            Assert.That(entry.GetProperty("role").GetString(), Is.EqualTo("participant"));
            Assert.That(entry.GetProperty("passcodeKind").GetString(), Is.EqualTo("unique"));
            Assert.That(entry.GetProperty("contactId").GetString(), Is.EqualTo(meeting.Invitations.Single().ContactId));
            Assert.That(entry.GetProperty("durationSeconds").GetDouble(), Is.EqualTo(720).Within(1));
        });
    }

    [Test]
    public async Task When_the_conference_ends_every_label_is_free_again()
    {
        var (_, meeting) = await VoiceScenarios.UniqueAsync(app, "Alice Archer");
        var passcode = meeting.Passcode("Alice Archer");
        await JoinAsync(meeting, "+12025550261", passcode);
        var second = await JoinAsync(meeting, "+12025550262", passcode);
        await second.ConferenceEventAsync("conference-end");

        var next = await JoinAsync(meeting, "+12025550263", passcode);

        Assert.That(next.Last!.Label, Is.EqualTo("Alice Archer"));
    }

    [Test]
    public async Task Two_contacts_sharing_a_name_are_told_apart_and_not_reported_as_sharing_a_passcode()
    {
        var organizer = await app.NewOrganizerAsync("Olivia Organizer");
        var ids = new List<string>();
        foreach (var email in new[] { "bob.baker@example.com", "bob.baker@example.org" })
        {
            var response = await organizer.Http.PostAsJsonAsync("/api/v1/me/contacts", new { name = "Bob Baker", email });
            ids.Add((await response.Content.ReadFromJsonAsync<ContactDto>(IvrApplication.Json))!.Id);
        }
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { passcodeMode = "unique" }, invitees: [.. ids]);
        var passcodes = meeting.Invitations.ToDictionary(i => i.ContactId, i => i.Passcode!);
        var kinds = async () => (await app.Service<IvrGateway.Infrastructure.Security.SecurityEventLog>().RecentAsync(500))
            .Where(e => e.Kind == "unique-passcode-shared" && e.MeetingId == meeting.Id).ToList();

        var first = await JoinAsync(meeting, "+12025550271", passcodes[ids[0]]);
        var namesake = await JoinAsync(meeting, "+12025550272", passcodes[ids[1]]);
        await Task.Delay(200);
        var afterNamesakes = await kinds();
        var copy = await JoinAsync(meeting, "+12025550273", passcodes[ids[0]]);
        var afterCopy = await app.OfKindAsync("unique-passcode-shared");

        Assert.That(first.Last!.Label, Is.EqualTo("Bob Baker"));
        Assert.That(namesake.Last!.Label, Is.EqualTo("Bob Baker (2)"), "the roster tells them apart");
        Assert.That(afterNamesakes, Is.Empty, "two different contacts of one name share nothing");
        Assert.That(copy.Last!.Label, Is.EqualTo("Bob Baker (3)"));
        Assert.That(afterCopy.Where(e => e.MeetingId == meeting.Id).ToList(), Has.Count.EqualTo(1), "the first Bob's passcode in use twice at once");
        var attendance = await organizer.Http.GetFromJsonAsync<JsonElement>($"/api/v1/conferences/{meeting.Id}/attendance");
        var byName = attendance.EnumerateArray().ToDictionary(e => e.GetProperty("displayName").GetString()!);
        Assert.Multiple(() =>
        {
            Assert.That(byName["Bob Baker"].GetProperty("contactId").GetString(), Is.EqualTo(ids[0]));
            Assert.That(byName["Bob Baker"].GetProperty("contactEmail").GetString(), Is.EqualTo("bob.baker@example.com"));
            Assert.That(byName["Bob Baker (2)"].GetProperty("contactId").GetString(), Is.EqualTo(ids[1]));
            Assert.That(byName["Bob Baker (2)"].GetProperty("contactEmail").GetString(), Is.EqualTo("bob.baker@example.org"));
        });
    }
}
