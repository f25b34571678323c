using System.Net.Http.Json;

namespace IvrGateway.IntegrationTests.Voice;

public sealed class PasscodeAndHostTests : ApplicationFixture<IvrApplication>
{
    [Test]
    public async Task After_the_code_the_caller_is_asked_for_the_passcode_and_told_the_organizer_may_press_star()
    {
        var (_, meeting) = await VoiceScenarios.SharedAsync(app);
        var call = new VoiceCall(app);
        await call.DialAsync();

        var answer = await call.PressAsync(meeting.AccessCode + "#");

        Assert.That(answer.Said.Single(), Does.Contain("meeting passcode").And.Contain("If you are the organizer, press star"));
        Assert.That(answer.GatherAction, Does.Contain("/voice/step/passcode?a="));
    }

    [Test]
    public async Task A_shared_passcode_bridges_a_participant_who_waits_for_the_host()
    {
        var (_, meeting) = await VoiceScenarios.SharedAsync(app);
        var call = new VoiceCall(app, from: "+12025550142");
        await call.DialAsync();
        await call.PressAsync(meeting.AccessCode + "#");

        var answer = await call.PressAsync("739164#");

        var conference = answer.Conference!;
        Assert.Multiple(() =>
        {
            Assert.That(conference.Value, Is.EqualTo("meeting-" + meeting.Id));
            Assert.That(answer.Label, Is.EqualTo("Caller 0142"));
            Assert.That(answer.StartsConference, Is.False, "participants of a wait-for-host meeting do not start it");
            Assert.That(conference.Attribute("waitUrl")!.Value, Is.EqualTo("http://localhost/voice/wait?l=en-US&w=1"));
            Assert.That(conference.Attribute("statusCallbackEvent")!.Value, Is.EqualTo("start end join leave"));
            Assert.That(conference.Attribute("statusCallback")!.Value, Does.StartWith("http://localhost/voice/conference?a="));
            Assert.That(answer.Said.Last(), Is.EqualTo("The meeting has ended. Goodbye."));
        });
    }

    [Test]
    public async Task A_wrong_passcode_gets_two_more_tries()
    {
        var (_, meeting) = await VoiceScenarios.SharedAsync(app);
        var call = new VoiceCall(app, from: "+12025550143");
        await call.DialAsync();
        await call.PressAsync(meeting.AccessCode + "#");

        var first = await call.PressAsync("111222#");
        var second = await call.PressAsync("333444#");
        var third = await call.PressAsync("555666#");

        Assert.That(first.Said[0], Is.EqualTo("That passcode is not correct."));
        Assert.That(second.Gather, Is.Not.Null);
        Assert.That(third.Gather, Is.Null);
        Assert.That(third.HangsUp, Is.True);
    }

    [Test]
    public async Task The_organizer_presses_star_and_starts_the_meeting_with_the_host_pin()
    {
        var (organizer, meeting) = await VoiceScenarios.SharedAsync(app);
        var call = new VoiceCall(app, from: "+12025550144");
        await call.DialAsync();
        await call.PressAsync(meeting.AccessCode + "#");

        var pinPrompt = await call.PressAsync("*#");
        var answer = await call.PressAsync(organizer.Account.HostPin + "#");

        Assert.Multiple(() =>
        {
            Assert.That(pinPrompt.Said.Single(), Is.EqualTo("Please enter your host PIN, followed by the pound key."));
            Assert.That(answer.Said[0], Is.EqualTo("Welcome, Olivia Organizer. Starting the meeting."));
            Assert.That(answer.Label, Is.EqualTo("Olivia Organizer"));
            Assert.That(answer.StartsConference, Is.True);
            Assert.That(answer.Conference!.Attribute("waitUrl")!.Value, Does.EndWith("w=0"), "the host alone hears music, not 'waiting for the organizer'");
        });
    }

    [Test]
    public async Task The_organizer_can_type_code_star_pin_in_one_go()
    {
        var (organizer, meeting) = await VoiceScenarios.SharedAsync(app);
        var call = new VoiceCall(app, from: "+12025550145");
        await call.DialAsync();

        var answer = await call.PressAsync($"{meeting.AccessCode}*{organizer.Account.HostPin}#");

        Assert.That(answer.Label, Is.EqualTo("Olivia Organizer"));
        Assert.That(answer.StartsConference, Is.True);
    }

    [Test]
    public async Task Star_pin_at_the_passcode_prompt_works_too()
    {
        var (organizer, meeting) = await VoiceScenarios.SharedAsync(app);
        var call = new VoiceCall(app, from: "+12025550146");
        await call.DialAsync();
        await call.PressAsync(meeting.AccessCode + "#");

        var answer = await call.PressAsync("*" + organizer.Account.HostPin + "#");

        Assert.That(answer.StartsConference, Is.True);
    }

    [Test]
    public async Task Another_organizers_host_pin_does_not_open_this_meeting()
    {
        var (_, meeting) = await VoiceScenarios.SharedAsync(app);
        var stranger = await app.NewOrganizerAsync("Mallory");
        var call = new VoiceCall(app, from: "+12025550147");
        await call.DialAsync();

        var answer = await call.PressAsync($"{meeting.AccessCode}*{stranger.Account.HostPin}#");

        Assert.That(answer.Conference, Is.Null);
        Assert.That(answer.Said[0], Is.EqualTo("That PIN is not correct."));
    }

    [Test]
    public async Task Without_a_passcode_silence_joins_as_a_participant_and_star_leads_to_the_host_pin()
    {
        var (organizer, meeting) = await VoiceScenarios.OpenAsync(app);
        var guest = new VoiceCall(app, from: "+12025550148");
        await guest.DialAsync();
        var offer = await guest.PressAsync(meeting.AccessCode + "#");
        var joined = await guest.SilenceAsync();

        var host = new VoiceCall(app, from: "+12025550149");
        await host.DialAsync();
        await host.PressAsync(meeting.AccessCode + "#");
        await host.PressAsync("*");
        var hostJoined = await host.PressAsync(organizer.Account.HostPin + "#");

        Assert.Multiple(() =>
        {
            Assert.That(offer.Said.Single(), Is.EqualTo("If you are the organizer, press star now."));
            Assert.That(offer.Gather!.Attribute("numDigits")!.Value, Is.EqualTo("1"));
            Assert.That(offer.Gather.Attribute("timeout")!.Value, Is.EqualTo("3"));
            Assert.That(joined.Label, Is.EqualTo("Caller 0148"));
            Assert.That(joined.StartsConference, Is.False);
            Assert.That(hostJoined.Label, Is.EqualTo("Olivia Organizer"));
            Assert.That(hostJoined.StartsConference, Is.True);
        });
    }

    [Test]
    public async Task In_a_meeting_that_does_not_wait_for_the_host_participants_start_it()
    {
        var (_, meeting) = await VoiceScenarios.OpenAsync(app, waitForHost: false);
        var call = new VoiceCall(app, from: "+12025550150");
        await call.DialAsync();
        await call.PressAsync(meeting.AccessCode + "#");

        var joined = await call.SilenceAsync();

        Assert.That(joined.StartsConference, Is.True);
        Assert.That(joined.Conference!.Attribute("waitUrl")!.Value, Does.EndWith("w=0"));
    }

    [Test]
    public async Task The_personal_room_bridges_a_guest_with_its_passcode_into_the_organizers_room()
    {
        // Before issue [B] item 4 a fresh room was open: the code alone (then silence) bridged a guest.
        var organizer = await app.NewOrganizerAsync("Olivia Organizer");
        var call = new VoiceCall(app, from: "+12025550151");
        await call.DialAsync();
        await call.PressAsync(organizer.Account.PersonalAccessCode + "#");

        var joined = await call.PressAsync(organizer.Account.PersonalRoomPasscode + "#");

        Assert.That(joined.Conference!.Value, Is.EqualTo("room-" + organizer.Account.Id));
    }

    [Test]
    public async Task A_fresh_personal_room_refuses_a_guest_without_its_passcode()
    {
        var organizer = await app.NewOrganizerAsync("Olivia Organizer");
        var call = new VoiceCall(app, from: "+12025550152");
        await call.DialAsync();
        var asked = await call.PressAsync(organizer.Account.PersonalAccessCode + "#");

        var silence = await call.SilenceAsync();
        var wrong = await call.PressAsync("918273#");

        Assert.Multiple(() =>
        {
            Assert.That(asked.Gather, Is.Not.Null, "the room asks for its passcode");
            Assert.That(silence.Conference, Is.Null);
            Assert.That(wrong.Conference, Is.Null);
        });
    }

    [Test]
    public async Task An_organizer_who_opens_the_room_in_settings_lets_guests_in_with_the_code_alone()
    {
        var organizer = await app.NewOrganizerAsync("Olivia Organizer");
        (await organizer.Http.PutAsJsonAsync("/api/v1/me/security", new { passcodeMode = "none" })).EnsureSuccessStatusCode();
        var call = new VoiceCall(app, from: "+12025550153");
        await call.DialAsync();

        var joined = await call.PressAsync(organizer.Account.PersonalAccessCode + "#");

        Assert.That(joined.Conference?.Value ?? (await call.SilenceAsync()).Conference!.Value, Is.EqualTo("room-" + organizer.Account.Id));
    }

    [Test]
    public async Task The_wait_music_document_says_it_waits_for_the_organizer_then_plays_music()
    {
        var call = new VoiceCall(app);
        var url = "http://localhost/voice/wait?l=en-US&w=1";

        var answer = await call.SendAsync(url, call.Fields("in-progress"), token: null);

        Assert.That(answer.Root.Elements().Select(e => e.Name.LocalName), Is.EqualTo(new[] { "Say", "Play" }));
        Assert.That(answer.Said.Single(), Does.Contain("when the organizer joins"));
        Assert.That(answer.Root.Element("Play")!.Attribute("loop")!.Value, Is.EqualTo("0"));
    }

    [Test]
    public async Task The_fallback_url_always_apologises_and_hangs_up()
    {
        var call = new VoiceCall(app);
        var fields = call.Fields("in-progress");
        fields["ErrorCode"] = "11200";
        fields["ErrorUrl"] = "http://localhost/voice/incoming";

        var answer = await call.SendAsync("http://localhost/voice/fallback", fields, token: null);

        Assert.That(answer.Said.Single(), Does.StartWith("We're sorry"));
        Assert.That(answer.HangsUp, Is.True);
    }
}
