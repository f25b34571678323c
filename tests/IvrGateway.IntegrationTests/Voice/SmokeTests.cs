namespace IvrGateway.IntegrationTests.Voice;

public sealed class SmokeTests
{
    [Test]
    public async Task A_participant_with_a_unique_passcode_is_bridged_under_their_name()
    {
        using var app = new IvrApplication();
        var organizer = await app.NewOrganizerAsync();
        var alice = await organizer.AddContactAsync("Alice Archer");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { passcodeMode = "unique" }, invitees: [alice.Id]);
        var call = new VoiceCall(app);

        var greeting = await call.DialAsync();
        var passcodePrompt = await call.PressAsync(meeting.AccessCode + "#");
        var bridged = await call.PressAsync(meeting.Invitations[0].Passcode + "#");

        TestContext.Out.WriteLine(greeting.Body);
        TestContext.Out.WriteLine(passcodePrompt.Body);
        TestContext.Out.WriteLine(bridged.Body);
        Assert.That(bridged.Label, Is.EqualTo("Alice Archer"));
    }
}
