using System.Net;
using System.Net.Http.Json;

namespace IvrGateway.IntegrationTests.Voice;

/// <summary>
/// Host-PIN guessing counts against the organizer, from any number and any code: the organizer's PIN entry locks,
/// a <c>host-pin-locked</c> event is raised, invitees are unaffected, and the organizer or ops can lift it.
/// </summary>
public sealed class HostPinGuardTests
{
    private static string WrongPin(TestOrganizer organizer, int i)
    {
        var pin = (100000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return pin == organizer.Account.HostPin ? "999999" : pin;
    }

    [Test]
    public async Task Thirty_six_wrong_pins_from_twelve_numbers_lock_the_organizer_and_the_thirteenth_numbers_right_pin_is_refused()
    {
        using var app = new IvrApplication();
        var (organizer, meeting) = await VoiceScenarios.SharedAsync(app);
        var guesses = 0;
        for (var n = 0; n < 12; n++)
        {
            // Attested numbers: each keeps a budget of its own, so only the organizer's budget can stop them.
            var call = new VoiceCall(app, from: $"+120255506{n:00}", verstat: VoiceCall.Attested);
            await call.DialAsync();
            for (var i = 0; i < 3 && call.Last!.Gather is not null; i++)
            {
                await call.PressAsync($"{meeting.AccessCode}*{WrongPin(organizer, guesses++)}#");
            }
        }
        var thirteenth = new VoiceCall(app, from: "+12025550699", verstat: VoiceCall.Attested);
        await thirteenth.DialAsync();

        var refused = await thirteenth.PressAsync($"{meeting.AccessCode}*{organizer.Account.HostPin}#");

        Assert.That(refused.Conference, Is.Null, "the right PIN is refused while PIN entry is locked");
        Assert.That(refused.Said[0], Does.StartWith("Host PIN entry is locked"));
        var events = await app.OfKindAsync("host-pin-locked");
        Assert.That(events, Has.Count.EqualTo(1), "raised once, when the tenth wrong PIN locked it");
        Assert.That(events[0].Detail, Does.Contain(organizer.Account.Id));
    }

    [Test]
    public async Task Invitees_passcodes_are_unaffected_by_a_host_pin_lock()
    {
        using var app = new IvrApplication(new() { ["Voice:BruteForce:HostPinFailures"] = "3" });
        var (organizer, meeting) = await VoiceScenarios.SharedAsync(app);
        for (var i = 0; i < 3; i++)
        {
            var guesser = new VoiceCall(app, from: $"+120255507{i:00}");
            await guesser.DialAsync();
            await guesser.PressAsync($"{meeting.AccessCode}*{WrongPin(organizer, i)}#");
        }
        var invitee = new VoiceCall(app, from: "+12025550799");
        await invitee.DialAsync();
        await invitee.PressAsync(meeting.AccessCode + "#");

        var joined = await invitee.PressAsync("739164#");

        Assert.That(joined.Label, Is.EqualTo("Caller 0799"));
    }

    [Test]
    public async Task The_lock_holds_from_the_pin_prompt_too_and_ops_or_the_organizer_lift_it_each_as_a_security_event()
    {
        using var app = new IvrApplication(new() { ["Voice:BruteForce:HostPinFailures"] = "2" });
        var (organizer, meeting) = await VoiceScenarios.SharedAsync(app);
        var guesser = new VoiceCall(app, from: "+12025550801");
        await guesser.DialAsync();
        await guesser.PressAsync(meeting.AccessCode + "#");
        await guesser.PressAsync("*" + WrongPin(organizer, 1) + "#");
        await guesser.PressAsync("*" + WrongPin(organizer, 2) + "#");

        async Task<Twiml> HostTriesAsync(string from)
        {
            var host = new VoiceCall(app, from: from);
            await host.DialAsync();
            await host.PressAsync(meeting.AccessCode + "#");
            return await host.PressAsync("*" + organizer.Account.HostPin + "#");
        }

        var whileLocked = await HostTriesAsync("+12025550802");
        var organizerLift = await organizer.Http.DeleteAsync("/api/v1/me/host-pin-lock");
        var afterOrganizerLift = await HostTriesAsync("+12025550803");

        Assert.That(whileLocked.Said[0], Does.StartWith("Host PIN entry is locked"));
        Assert.That(organizerLift.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await organizerLift.Content.ReadFromJsonAsync<LiftDto>())!.WasLocked, Is.True);
        Assert.That(afterOrganizerLift.Label, Is.EqualTo("Olivia Organizer"));

        var again = new VoiceCall(app, from: "+12025550804");
        await again.DialAsync();
        await again.PressAsync(meeting.AccessCode + "#");
        await again.PressAsync("*" + WrongPin(organizer, 3) + "#");
        await again.PressAsync("*" + WrongPin(organizer, 4) + "#");
        var byOrganizerKey = await organizer.Http.DeleteAsync($"/api/v1/organizers/{organizer.Account.Id}/host-pin-lock");
        var opsLift = await app.Ops().DeleteAsync($"/api/v1/organizers/{organizer.Account.Id}/host-pin-lock");
        var afterOpsLift = await HostTriesAsync("+12025550805");

        Assert.That(byOrganizerKey.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "the ops route is for ops");
        Assert.That(opsLift.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(afterOpsLift.Label, Does.StartWith("Olivia Organizer"), "admitted as host (numbered: the first host call still holds its label)");
        var lifts = await app.OfKindAsync("host-pin-lock-lifted", atLeast: 2);
        Assert.That(lifts.Select(e => e.Detail), Has.Some.Contains("lifted by the organizer").And.Some.Contains("lifted by ops"));
    }

    [Test]
    public async Task Guessing_one_organizers_pin_does_not_lock_another_organizer()
    {
        using var app = new IvrApplication(new() { ["Voice:BruteForce:HostPinFailures"] = "2" });
        var (victim, victimMeeting) = await VoiceScenarios.SharedAsync(app);
        var (other, otherMeeting) = await VoiceScenarios.SharedAsync(app);
        for (var i = 0; i < 2; i++)
        {
            var guesser = new VoiceCall(app, from: $"+120255508{10 + i}");
            await guesser.DialAsync();
            await guesser.PressAsync($"{victimMeeting.AccessCode}*{WrongPin(victim, i)}#");
        }
        var host = new VoiceCall(app, from: "+12025550820");
        await host.DialAsync();

        var joined = await host.PressAsync($"{otherMeeting.AccessCode}*{other.Account.HostPin}#");

        Assert.That(joined.Label, Is.EqualTo("Olivia Organizer"));
    }

    private sealed record LiftDto(bool WasLocked);
}
