using System.Net.Http.Json;
using System.Text.Json;
using IvrGateway.Simulator.Calls;
using IvrGateway.Testing.Twilio;

namespace IvrGateway.IntegrationTests.Voice;

/// <summary>
/// The end-to-end tests' fake Twilio (the call simulator) dialing the gateway in memory, through the test
/// server's handler: whole calls as Twilio plays them, callbacks included, on the test clock.
/// </summary>
public sealed class SimulatedCallTests : ApplicationFixture<IvrApplication>
{
    [Test]
    public async Task A_participant_dialed_in_by_the_simulator_is_bridged_under_their_name_and_appears_in_the_attendance()
    {
        var (organizer, meeting) = await VoiceScenarios.UniqueAsync(app, "Alice Archer");

        var call = await app.Twilio().DialAsync("+12025550901", [meeting.AccessCode + "#", meeting.Passcode("Alice Archer") + "#"], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(call.Outcome, Is.EqualTo(CallOutcome.Bridged), call.Transcript());
            Assert.That(call.Conference?.ParticipantLabel, Is.EqualTo("Alice Archer"));
            Assert.That(call.Conference?.StartConferenceOnEnter, Is.False, "a participant waits for the organizer");
            Assert.That(call.Heard, Has.Some.EqualTo("Joining the meeting as Alice Archer."), call.Transcript());
        });
        var attendance = await organizer.Http.GetFromJsonAsync<List<JsonElement>>($"/api/v1/conferences/{meeting.Id}/attendance");
        var entry = attendance!.Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.GetProperty("callSid").GetString(), Is.EqualTo(call.CallSid));
            Assert.That(entry.GetProperty("displayName").GetString(), Is.EqualTo("Alice Archer"));
            Assert.That(entry.GetProperty("joinedAt").ValueKind, Is.EqualTo(JsonValueKind.String), "joined, from the participant-join callback");
            Assert.That(entry.GetProperty("leftAt").ValueKind, Is.EqualTo(JsonValueKind.String), "left, from the participant-leave callback");
        });
    }

    [Test]
    public async Task The_organizer_dialed_in_by_the_simulator_with_the_host_pin_starts_the_conference()
    {
        var (organizer, meeting) = await VoiceScenarios.SharedAsync(app);

        var call = await app.Twilio().DialAsync("+12025550902", [$"{meeting.AccessCode}*{organizer.Account.HostPin}#"], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(call.Outcome, Is.EqualTo(CallOutcome.Bridged), call.Transcript());
            Assert.That(call.Conference?.StartConferenceOnEnter, Is.True, "the organizer starts the meeting");
        });
    }
}
