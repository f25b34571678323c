using System.Net;
using System.Net.Http.Json;

namespace IvrGateway.IntegrationTests.Organizers;

/// <summary>Rotating an API key or host PIN kills the old one at once; disabling an organizer; lifting locks, each a security event.</summary>
public sealed class RotateRevokeLiftTests
{
    private sealed record ApiKeyDto(string ApiKey);

    private sealed record HostPinDto(string HostPin);

    private sealed record ProfileDto(string Id, string HostPin);

    private sealed record LiftDto(bool WasLocked);

    private static async Task<Twiml> HostCallAsync(IvrApplication app, ConferenceDto meeting, string pin, string from)
    {
        var call = new VoiceCall(app, from: from);
        await call.DialAsync();
        return await call.PressAsync($"{meeting.AccessCode}*{pin}#");
    }

    [Test]
    public async Task A_rotated_api_key_replaces_the_old_one_at_once()
    {
        using var app = new IvrApplication();
        var organizer = await app.NewOrganizerAsync();

        var rotated = await organizer.Http.PostAsync("/api/v1/me/api-key", null);
        var newKey = (await rotated.Content.ReadFromJsonAsync<ApiKeyDto>())!.ApiKey;
        var withOld = await organizer.Http.GetAsync("/api/v1/me");
        var withNew = await app.Client(newKey).GetAsync("/api/v1/me");

        Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(newKey, Does.StartWith("ivr_").And.Not.EqualTo(organizer.Account.ApiKey));
        Assert.That(withOld.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the old key is dead the moment the new one is shown");
        Assert.That(withNew.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await app.OfKindAsync("api-key-rotated"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_rotated_host_pin_replaces_the_old_one_at_once_in_every_meeting()
    {
        using var app = new IvrApplication();
        var (organizer, meeting) = await VoiceScenarios.SharedAsync(app);

        var rotated = await organizer.Http.PostAsync("/api/v1/me/host-pin", null);
        var newPin = (await rotated.Content.ReadFromJsonAsync<HostPinDto>())!.HostPin;
        var withOld = await HostCallAsync(app, meeting, organizer.Account.HostPin, "+12025551601");
        var withNew = await HostCallAsync(app, meeting, newPin, "+12025551602");
        var profile = await organizer.Http.GetFromJsonAsync<ProfileDto>("/api/v1/me");

        Assert.That(newPin, Is.Not.EqualTo(organizer.Account.HostPin));
        Assert.That(withOld.Conference, Is.Null);
        Assert.That(withOld.Said[0], Is.EqualTo("That PIN is not correct."));
        Assert.That(withNew.Label, Is.EqualTo("Olivia Organizer"));
        Assert.That(profile!.HostPin, Is.EqualTo(newPin));
    }

    [Test]
    public async Task A_disabled_organizer_has_no_key_no_host_pin_and_a_closed_room_but_its_scheduled_meetings_go_on()
    {
        using var app = new IvrApplication();
        var (organizer, meeting) = await VoiceScenarios.SharedAsync(app);

        var disabled = await app.Admin().PostAsync($"/api/v1/organizers/{organizer.Account.Id}/disable", null);
        var api = await organizer.Http.GetAsync("/api/v1/me");
        var host = await HostCallAsync(app, meeting, organizer.Account.HostPin, "+12025551611");
        var roomCaller = new VoiceCall(app, from: "+12025551612");
        await roomCaller.DialAsync();
        var room = await roomCaller.PressAsync(organizer.Account.PersonalAccessCode + "#");
        var invitee = new VoiceCall(app, from: "+12025551613");
        await invitee.DialAsync();
        await invitee.PressAsync(meeting.AccessCode + "#");
        var joined = await invitee.PressAsync("739164#");

        Assert.That(disabled.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(host.Conference, Is.Null, "the host PIN is refused");
        Assert.That(room.Said.Single(), Does.Contain("cancelled"), "the personal room refuses callers as cancelled");
        Assert.That(room.HangsUp, Is.True);
        Assert.That(joined.Label, Is.EqualTo("Caller 1613"), "a scheduled one-time meeting keeps working for its invitees");
        Assert.That(await app.OfKindAsync("organizer-disabled"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Disabling_needs_the_admin_key_and_an_existing_organizer()
    {
        using var app = new IvrApplication();
        var organizer = await app.NewOrganizerAsync();

        var byOrganizer = await organizer.Http.PostAsync($"/api/v1/organizers/{organizer.Account.Id}/disable", null);
        var byOps = await app.Ops().PostAsync($"/api/v1/organizers/{organizer.Account.Id}/disable", null);
        var unknown = await app.Admin().PostAsync("/api/v1/organizers/org_nosuchorganizer1/disable", null);

        Assert.That(byOrganizer.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(byOps.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(unknown.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Ops_lift_a_caller_lockout_for_the_attested_and_unattested_number_alike_as_a_security_event()
    {
        using var app = new IvrApplication();
        const string number = "+12025551621";
        foreach (var verstat in new[] { VoiceCall.Attested, null })
        {
            for (var i = 0; i < 10; i++)
            {
                var call = new VoiceCall(app, from: number, verstat: verstat);
                await call.DialAsync();
                await call.PressAsync(VoiceScenarios.UnissuedCode() + "#");
            }
        }
        var lockedAttested = await new VoiceCall(app, from: number, verstat: VoiceCall.Attested).DialAsync();
        var lockedUnattested = await new VoiceCall(app, from: number).DialAsync();

        var byOrganizer = await (await app.NewOrganizerAsync()).Http.DeleteAsync("/api/v1/lockouts/callers/%2B12025551621");
        var lift = await app.Ops().DeleteAsync("/api/v1/lockouts/callers/%2B12025551621");
        var attested = await new VoiceCall(app, from: number, verstat: VoiceCall.Attested).DialAsync();
        var unattested = await new VoiceCall(app, from: number).DialAsync();

        Assert.That(lockedAttested.Gather, Is.Null);
        Assert.That(lockedUnattested.Gather, Is.Null);
        Assert.That(byOrganizer.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(lift.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await lift.Content.ReadFromJsonAsync<LiftDto>())!.WasLocked, Is.True);
        Assert.That(attested.Gather, Is.Not.Null);
        Assert.That(unattested.Gather, Is.Not.Null);
        var events = await app.OfKindAsync("caller-lockout-lifted");
        Assert.That(events.Single().Detail, Does.Contain("by ops"));
        Assert.That(events.Single().Caller, Is.EqualTo(number));
    }

    [Test]
    public async Task A_caller_number_that_cannot_be_a_caller_id_is_a_validation_problem()
    {
        using var app = new IvrApplication();

        var lift = await app.Ops().DeleteAsync("/api/v1/lockouts/callers/" + Uri.EscapeDataString("not a number!"));

        Assert.That(lift.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task The_organizer_lifts_its_own_meetings_passcode_lock_and_not_anothers_and_ops_lift_any()
    {
        using var app = new IvrApplication(new() { ["Voice:BruteForce:MeetingFailures"] = "2" });
        var (organizer, meeting) = await VoiceScenarios.SharedAsync(app);
        async Task LockAsync()
        {
            for (var i = 0; i < 2; i++)
            {
                var guesser = new VoiceCall(app, from: $"+120255516{30 + i}");
                await guesser.DialAsync();
                await guesser.PressAsync(meeting.AccessCode + "#");
                await guesser.PressAsync($"{300000 + i}#");
            }
        }
        async Task<Twiml> JoinAsync(string from)
        {
            var call = new VoiceCall(app, from: from);
            await call.DialAsync();
            await call.PressAsync(meeting.AccessCode + "#");
            return await call.PressAsync("739164#");
        }
        await LockAsync();
        var held = await JoinAsync("+12025551640");

        var byStranger = await (await app.NewOrganizerAsync("Mallory")).Http.DeleteAsync($"/api/v1/conferences/{meeting.Id}/passcode-lock");
        var byOwner = await organizer.Http.DeleteAsync($"/api/v1/conferences/{meeting.Id}/passcode-lock");
        var afterOwner = await JoinAsync("+12025551641");
        await LockAsync();
        var byOps = await app.Ops().DeleteAsync($"/api/v1/conferences/{meeting.Id}/passcode-lock");
        var afterOps = await JoinAsync("+12025551642");

        Assert.That(held.Conference, Is.Null);
        Assert.That(byStranger.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another organizer's meeting is not revealed");
        Assert.That(byOwner.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(afterOwner.Label, Is.EqualTo("Caller 1641"));
        Assert.That(byOps.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(afterOps.Label, Is.EqualTo("Caller 1642"));
        var lifts = await app.OfKindAsync("meeting-passcode-lock-lifted", atLeast: 2);
        Assert.That(lifts.Select(e => e.Detail), Has.Some.Contains("the organizer " + organizer.Account.Id).And.Some.Contains("by ops"));
        Assert.That(lifts.Select(e => e.MeetingId), Is.All.EqualTo(meeting.Id));
    }
}
