using IvrGateway.Conferences;
using IvrGateway.Scheduling;

namespace IvrGateway.IntegrationTests.Conferences;

/// <summary>Mute, remove, lock and end, through the Twilio library against the fake REST API and through the access slot.</summary>
public sealed class HostControlTests
{
    [Test]
    public async Task Muting_a_participant_mutes_them_at_Twilio_and_the_roster_shows_it()
    {
        using var live = new LiveApplication();
        await live.StartAsync();
        var (organizer, meeting) = await VoiceScenarios.UniqueAsync(live.App, "Alice Archer");
        live.Dial("+12025550181", meeting.AccessCode + "#", meeting.Passcode("Alice Archer") + "#");
        live.Dial("+12025550182", meeting.AccessCode + "*" + organizer.Account.HostPin + "#");
        var roster = await live.RosterWhenAsync(meeting.Id, r => r.Participants.Count == 2, "Alice and the host to join");
        var alice = roster.Participants.Single(p => p.Label == "Alice Archer");
        var control = live.App.Service<ConferenceControl>();

        var muted = await control.MuteAsync(await live.MeetingAsync(meeting.Id), alice.CallSid, muted: true);

        var conference = (await live.Probe.ConferencesAsync("meeting-" + meeting.Id, "in-progress")).Single();
        var atTwilio = (await live.Probe.ParticipantsAsync(conference.Sid)).Single(p => p.CallSid == alice.CallSid);
        var after = await live.App.Service<LiveRosters>().ReadAsync(await live.MeetingAsync(meeting.Id), "America/New_York");
        Assert.Multiple(() =>
        {
            Assert.That(muted.Succeeded, Is.True, muted.Message);
            Assert.That(atTwilio.Muted, Is.True);
            Assert.That(after.Participants.Single(p => p.CallSid == alice.CallSid).Muted, Is.True);
        });

        var unmuted = await control.MuteAsync(await live.MeetingAsync(meeting.Id), alice.CallSid, muted: false);
        atTwilio = (await live.Probe.ParticipantsAsync(conference.Sid)).Single(p => p.CallSid == alice.CallSid);
        Assert.That(unmuted.Succeeded && !atTwilio.Muted, Is.True, unmuted.Message);
    }

    [Test]
    public async Task Removing_a_participant_hangs_them_up_and_the_roster_drops_them()
    {
        using var live = new LiveApplication();
        await live.StartAsync();
        var (organizer, meeting) = await VoiceScenarios.UniqueAsync(live.App, "Alice Archer");
        var aliceCall = live.Dial("+12025550183", meeting.AccessCode + "#", meeting.Passcode("Alice Archer") + "#");
        live.Dial("+12025550184", meeting.AccessCode + "*" + organizer.Account.HostPin + "#");
        await live.RosterWhenAsync(meeting.Id, r => r.Participants.Count == 2, "Alice and the host to join");

        var removed = await live.App.Service<ConferenceControl>().RemoveAsync(await live.MeetingAsync(meeting.Id), aliceCall.Sid);

        Assert.That(removed.Succeeded, Is.True, removed.Message);
        var roster = await live.RosterWhenAsync(meeting.Id, r => r.Participants.Count == 1, "Alice to leave");
        Assert.That(roster.Participants.Single().IsHost, Is.True);
        await aliceCall.Completion.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task A_call_of_another_meeting_cannot_be_muted_or_removed_from_this_one()
    {
        using var live = new LiveApplication();
        await live.StartAsync();
        var (_, mine) = await VoiceScenarios.OpenAsync(live.App, waitForHost: false);
        var (_, theirs) = await VoiceScenarios.OpenAsync(live.App, waitForHost: false);
        var theirCall = live.Dial("+12025550185", theirs.AccessCode + "#", "-");
        await live.RosterWhenAsync(theirs.Id, r => r.Participants.Count == 1, "their caller to join");
        var control = live.App.Service<ConferenceControl>();

        var mute = await control.MuteAsync(await live.MeetingAsync(mine.Id), theirCall.Sid, muted: true);
        var remove = await control.RemoveAsync(await live.MeetingAsync(mine.Id), theirCall.Sid);

        Assert.That(mute.Succeeded || remove.Succeeded, Is.False);
        Assert.That((await live.RosterWhenAsync(theirs.Id, r => true, "")).Participants, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_locked_meeting_refuses_new_callers_with_a_message_but_admits_the_host()
    {
        using var live = new LiveApplication();
        await live.StartAsync();
        var (organizer, meeting) = await VoiceScenarios.UniqueAsync(live.App, "Alice Archer");
        var control = live.App.Service<ConferenceControl>();

        var locked = await control.SetLockedAsync(await live.MeetingAsync(meeting.Id), locked: true);
        var refused = await live.Phones.DialAsync("+12025550186", [meeting.AccessCode + "#", meeting.Passcode("Alice Archer") + "#"], CancellationToken.None);
        var host = await live.Phones.DialAsync("+12025550187", [meeting.AccessCode + "*" + organizer.Account.HostPin + "#"], CancellationToken.None);
        await control.SetLockedAsync(await live.MeetingAsync(meeting.Id), locked: false);
        var afterUnlock = await live.Phones.DialAsync("+12025550188", [meeting.AccessCode + "#", meeting.Passcode("Alice Archer") + "#"], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(locked.Succeeded, Is.True);
            Assert.That(refused.Conference, Is.Null);
            Assert.That(refused.Heard.Last(), Does.Contain("locked this meeting"));
            Assert.That(host.Conference, Is.Not.Null, "the host can still join");
            Assert.That(afterUnlock.Conference, Is.Not.Null, "unlocked, callers join again");
        });
    }

    [Test]
    public async Task Ending_the_meeting_completes_the_conference_at_Twilio_and_the_code_stops_admitting()
    {
        using var live = new LiveApplication();
        await live.StartAsync();
        var (organizer, meeting) = await VoiceScenarios.UniqueAsync(live.App, "Alice Archer");
        var alice = live.Dial("+12025550189", meeting.AccessCode + "#", meeting.Passcode("Alice Archer") + "#");
        live.Dial("+12025550190", meeting.AccessCode + "*" + organizer.Account.HostPin + "#");
        await live.RosterWhenAsync(meeting.Id, r => r.Participants.Count == 2, "Alice and the host to join");

        var ended = await live.App.Service<ConferenceControl>().EndAsync(await live.MeetingAsync(meeting.Id));

        Assert.That(ended.Succeeded, Is.True, ended.Message);
        await alice.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        await live.RosterWhenAsync(meeting.Id, r => r.Participants.Count == 0, "everyone to leave");
        var conferences = await live.Probe.ConferencesAsync("meeting-" + meeting.Id);
        var late = await live.Phones.DialAsync("+12025550191", [meeting.AccessCode + "*" + organizer.Account.HostPin + "#"], CancellationToken.None);
        var roster = await live.App.Service<LiveRosters>().ReadAsync(await live.MeetingAsync(meeting.Id), "America/New_York");
        var restart = await live.App.Service<MeetingScheduler>().StartNowAsync(await live.OrganizerAsync(organizer.Account.Id), meeting.Id, CancellationToken.None);
        // A meeting keeps its id when moved, and its end is kept by id: moving an ended meeting would leave a new window
        // whose code refuses everyone for as long as the end is remembered.
        var moved = await live.App.Service<MeetingScheduler>().RescheduleAsync(await live.OrganizerAsync(organizer.Account.Id), meeting.Id,
            new RescheduleRequest(null, live.App.Time.GetUtcNow().AddDays(1).ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
                null, null, null), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(conferences.Select(c => c.Status), Is.All.EqualTo("completed"));
            Assert.That(late.Conference, Is.Null, "not even the host gets into an ended meeting");
            Assert.That(late.Heard.Last(), Is.EqualTo("The meeting has ended. Goodbye."));
            Assert.That(roster.Ended && !roster.Open, Is.True);
            Assert.That(restart, Is.TypeOf<ScheduleOutcome.Conflict>());
            Assert.That(moved, Is.TypeOf<ScheduleOutcome.Conflict>(), "an ended meeting cannot be moved to another time");
        });
    }

    [Test]
    public async Task Without_Twilio_settings_the_host_controls_say_why_and_change_nothing_at_Twilio()
    {
        using var app = new IvrApplication();
        var (organizer, meeting) = await VoiceScenarios.OpenAsync(app);
        var stored = (await app.Service<MeetingStore>().GetAsync(meeting.Id))!.Meeting;

        var ended = await app.Service<ConferenceControl>().EndAsync(stored);

        Assert.That(ended.Succeeded, Is.False);
        Assert.That(ended.Message, Does.Contain("Twilio:AccountSid"));
        Assert.That((await app.Service<LiveRosters>().ReadAsync(stored, "UTC")).Ended, Is.False, "nothing was ended half-way");
        _ = organizer;
    }
}
