using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IvrGateway.Simulator.Calls;
using IvrGateway.Testing.Twilio;

namespace IvrGateway.IntegrationTests.Scheduling;

/// <summary>POST /api/v1/conferences/{id}/invitees and DELETE …/invitees/{contactId}.</summary>
public sealed class InviteeApiTests : ApplicationFixture<IvrApplication>
{
    protected override IvrApplication CreateApplication() => new(startsAt: TestClock.Afternoon);

    [Test]
    public async Task Adding_nobody_an_unknown_contact_or_one_already_invited_is_a_validation_problem_naming_the_field()
    {
        var (organizer, meeting) = await VoiceScenarios.UniqueAsync(app, "Alice Archer");
        var alice = meeting.Invitations.Single().ContactId;
        var url = $"/api/v1/conferences/{meeting.Id}/invitees";

        var nobody = await Errors(await organizer.Http.PostAsJsonAsync(url, new { contactIds = Array.Empty<string>() }));
        var unknown = await Errors(await organizer.Http.PostAsJsonAsync(url, new { contactIds = new[] { "ct_nobody" } }));
        var twice = await Errors(await organizer.Http.PostAsJsonAsync(url, new { contactIds = new[] { alice } }));
        using var garbage = await organizer.Http.PostAsync(url, new StringContent("{\"contactIds\": 7}", System.Text.Encoding.UTF8, "application/json"));
        var after = (await organizer.Http.GetFromJsonAsync<ConferenceDto>("/api/v1/conferences/" + meeting.Id, IvrApplication.Json))!;

        Assert.Multiple(() =>
        {
            Assert.That(nobody.TryGetProperty("contactIds", out _), nobody.ToString());
            Assert.That(unknown.GetProperty("contactIds[0]")[0].GetString(), Does.Contain("not in your address book"));
            Assert.That(twice.GetProperty("contactIds[0]")[0].GetString(), Does.Contain("already invited"));
            Assert.That(garbage.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(after.Invitations.Select(i => i.ContactId), Is.EqualTo(new[] { alice }));
        });
    }

    [Test]
    public async Task Removing_someone_not_invited_is_not_found_and_a_cancelled_meeting_is_a_conflict()
    {
        var (organizer, meeting) = await VoiceScenarios.UniqueAsync(app, "Alice Archer");
        var bob = await organizer.AddContactAsync("Bob Baker");

        using var notInvited = await organizer.Http.DeleteAsync($"/api/v1/conferences/{meeting.Id}/invitees/{bob.Id}");
        using var badId = await organizer.Http.DeleteAsync($"/api/v1/conferences/nonsense/invitees/{bob.Id}");
        (await organizer.Http.DeleteAsync("/api/v1/conferences/" + meeting.Id)).EnsureSuccessStatusCode();
        using var afterCancel = await organizer.Http.PostAsJsonAsync($"/api/v1/conferences/{meeting.Id}/invitees", new { contactIds = new[] { bob.Id } });

        Assert.Multiple(() =>
        {
            Assert.That(notInvited.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(badId.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(afterCancel.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        });
    }

    [Test]
    public async Task In_a_personal_room_a_removed_invitees_passcode_is_refused_and_an_added_one_joins()
    {
        var organizer = await app.NewOrganizerAsync("Rory Room");
        (await organizer.Http.PutAsJsonAsync("/api/v1/me/security", new { oneTimeAccessCode = false, passcodeMode = "unique" })).EnsureSuccessStatusCode();
        var alice = await organizer.AddContactAsync("Alice Archer");
        var bob = await organizer.AddContactAsync("Bob Baker");
        var carol = await organizer.AddContactAsync("Carol Cole");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { oneTimeAccessCode = false }, invitees: [alice.Id, bob.Id]);

        (await organizer.Http.DeleteAsync($"/api/v1/conferences/{meeting.Id}/invitees/{bob.Id}")).EnsureSuccessStatusCode();
        using var added = await organizer.Http.PostAsJsonAsync($"/api/v1/conferences/{meeting.Id}/invitees", new { contactIds = new[] { carol.Id } });
        var view = (await added.Content.ReadFromJsonAsync<ConferenceDto>(IvrApplication.Json))!;
        var bobCall = await app.Twilio().DialAsync("+12025550921", [meeting.AccessCode + "#", meeting.Passcode("Bob Baker") + "#"], CancellationToken.None);
        var carolCall = await app.Twilio().DialAsync("+12025550922", [meeting.AccessCode + "#", view.Passcode("Carol Cole") + "#"], CancellationToken.None);
        var aliceCall = await app.Twilio().DialAsync("+12025550923", [meeting.AccessCode + "#", meeting.Passcode("Alice Archer") + "#"], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(meeting.AccessCodeKind, Is.EqualTo("personal"));
            Assert.That(bobCall.Outcome, Is.Not.EqualTo(CallOutcome.Bridged), bobCall.Transcript());
            Assert.That(carolCall.Outcome, Is.EqualTo(CallOutcome.Bridged), carolCall.Transcript());
            Assert.That(carolCall.Conference?.ParticipantLabel, Is.EqualTo("Carol Cole"));
            Assert.That(aliceCall.Outcome, Is.EqualTo(CallOutcome.Bridged), "the others are untouched");
        });
    }

    private static async Task<JsonElement> Errors(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }
}
