using IvrGateway.Simulator.Calls;

namespace IvrGateway.EndToEndTests.Voice;

[CancelAfter(60_000)]
public sealed class OrganizerJourneyTests : GatewayTest
{
    [Test]
    public async Task An_organizer_who_types_the_host_pin_after_the_access_code_starts_the_conference_without_the_passcode()
    {
        var organizer = await Api.NewOrganizerAsync("Olga Oakley", Token);
        var meeting = await organizer.ScheduleAsync(TimeSpan.FromMinutes(5), new { passcodeMode = "shared", sharedPasscode = "739164" }, [], Token);

        var call = await Phone.DialAsync(Phone.NewNumber(), [$"{meeting.AccessCode}*{organizer.Account.HostPin}#"], Token);

        Assert.Multiple(() =>
        {
            Assert.That(call.Outcome, Is.EqualTo(CallOutcome.Bridged), call.Transcript());
            Assert.That(call.EntriesTyped(), Is.EqualTo(1), "no passcode prompt: " + call.Transcript());
            Assert.That(call.Conference?.ParticipantLabel, Is.EqualTo("Olga Oakley"));
            Assert.That(call.Conference?.StartConferenceOnEnter, Is.True, "the host starts the conference");
            Assert.That(call.Heard, Has.Some.EqualTo("Welcome, Olga Oakley. Starting the meeting."), call.Transcript());
            Assert.That(call.Webhooks.Select(w => w.Detail), Does.Contain("conference-start"), "the start is reported back to the gateway");
        });
        var attendance = await organizer.AttendanceAsync(meeting.Id, Token);
        Assert.That(attendance.Select(a => (a.DisplayName, a.Role, a.CallSid)), Is.EqualTo(new[] { ("Olga Oakley", "host", call.CallSid) }));
    }
}
