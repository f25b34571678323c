using System.Net.Http.Json;
using IvrGateway.Codes;
using IvrGateway.Scheduling;

namespace IvrGateway.IntegrationTests.Codes.AccessSlot;

/// <summary>
/// The access slot's live controls (<c>live</c>: <c>locked:&lt;meetingId&gt;</c>, <c>ended:&lt;meetingId&gt;</c>,
/// <c>muted:&lt;CallSid&gt;</c>). Every field is scoped by a meeting id or a CallSid, both never reused, so a past meeting's
/// lock or end does not reach a room's next meeting; what these tests hold is that fields which can no longer matter leave
/// the hash when their call or meeting ends, instead of piling up in a personal room whose hash never expires.
/// </summary>
public sealed class LiveControlsTests : ApplicationFixture<IvrApplication>
{
    [Test]
    public async Task A_rooms_next_meeting_admits_callers_after_the_host_locked_and_ended_the_previous_one()
    {
        var organizer = await RoomOrganizerAsync();
        var first = await RoomMeetingAsync(organizer, TimeSpan.FromMinutes(5));
        var slotId = await SlotAsync(first.Id);
        var slots = app.Service<AccessSlotStore>();
        await slots.SetLockedAsync(slotId, first.Id, locked: true, app.Time.GetUtcNow().AddDays(1));
        await slots.EndMeetingAsync(slotId, first.Id, app.Time.GetUtcNow(), app.Time.GetUtcNow().AddDays(1));
        var next = await RoomMeetingAsync(organizer, first.ActiveUntil - app.Time.GetUtcNow() + TimeSpan.FromMinutes(20));
        app.Time.SetUtcNow(next.Start);

        var call = await AdmittedCallAsync(next, "+12025550191");
        var controls = await slots.LiveControlsAsync(slotId, next.Id);

        Assert.Multiple(() =>
        {
            Assert.That(next.AccessCode, Is.EqualTo(first.AccessCode), "one room, one code");
            Assert.That(call.Last!.Conference?.Value, Is.EqualTo("room-" + organizer.Account.Id), "admitted into the room's next meeting: " + call.Last.Body);
            Assert.That(controls.Locked || controls.Ended, Is.False);
        });
    }

    [Test]
    public async Task A_host_mute_leaves_the_live_controls_when_the_muted_call_leaves_the_conference()
    {
        var (_, meeting) = await VoiceScenarios.OpenAsync(app, waitForHost: false);
        var slotId = await SlotAsync(meeting.Id);
        var stays = await JoinedCallAsync(meeting, "+12025550192");
        var leaves = await JoinedCallAsync(meeting, "+12025550193");
        var slots = app.Service<AccessSlotStore>();
        await slots.SetMutedAsync(slotId, stays.CallSid, muted: true, app.Time.GetUtcNow().AddDays(1));
        await slots.SetMutedAsync(slotId, leaves.CallSid, muted: true, app.Time.GetUtcNow().AddDays(1));

        await leaves.LeaveAsync();
        var afterLeave = await slots.LiveControlsAsync(slotId, meeting.Id);
        await stays.ConferenceEventAsync("conference-end");
        var afterEnd = await slots.LiveControlsAsync(slotId, meeting.Id);

        Assert.Multiple(() =>
        {
            Assert.That(afterLeave.MutedCalls, Is.EquivalentTo(new[] { stays.CallSid }), "the call still in the conference stays muted");
            Assert.That(afterEnd.MutedCalls, Is.Empty, "the conference's end takes every mute with it");
            Assert.That(LiveFields(slotId), Is.Empty);
        });
    }

    [Test]
    public async Task Ending_a_locked_meeting_keeps_only_its_end()
    {
        var (_, meeting) = await VoiceScenarios.OpenAsync(app, waitForHost: false);
        var slotId = await SlotAsync(meeting.Id);
        var slots = app.Service<AccessSlotStore>();
        await slots.SetLockedAsync(slotId, meeting.Id, locked: true, app.Time.GetUtcNow().AddDays(1));

        await slots.EndMeetingAsync(slotId, meeting.Id, app.Time.GetUtcNow(), app.Time.GetUtcNow().AddDays(1));
        var controls = await slots.LiveControlsAsync(slotId, meeting.Id);
        var call = await AdmittedCallAsync(meeting, "+12025550194");

        Assert.Multiple(() =>
        {
            Assert.That(controls.Ended, Is.True);
            Assert.That(LiveFields(slotId), Is.EqualTo(new[] { "ended:" + meeting.Id }));
            Assert.That(call.Last!.Conference, Is.Null, "the end still refuses callers");
        });
    }

    [Test]
    public async Task A_room_used_every_day_with_host_controls_keeps_only_the_live_fields_of_meetings_still_in_the_room()
    {
        var organizer = await RoomOrganizerAsync();
        var slots = app.Service<AccessSlotStore>();
        string? slotId = null;
        ConferenceDto? last = null;
        for (var day = 0; day < 7; day++)
        {
            var meeting = await RoomMeetingAsync(organizer, TimeSpan.FromMinutes(5));
            slotId ??= await SlotAsync(meeting.Id);
            app.Time.SetUtcNow(meeting.Start);
            var call = await JoinedCallAsync(meeting, "+1202555020" + day);
            await slots.SetMutedAsync(slotId, call.CallSid, muted: true, app.Time.GetUtcNow().AddDays(1));
            await slots.SetLockedAsync(slotId, meeting.Id, locked: true, app.Time.GetUtcNow().AddDays(1));
            await call.LeaveAsync();
            await slots.EndMeetingAsync(slotId, meeting.Id, app.Time.GetUtcNow(), app.Time.GetUtcNow().AddDays(1));
            last = meeting;
            app.Time.Advance(TimeSpan.FromDays(1));
        }
        var cancelled = await RoomMeetingAsync(organizer, TimeSpan.FromHours(2));
        await slots.SetLockedAsync(slotId!, cancelled.Id, locked: true, app.Time.GetUtcNow().AddDays(1));
        using var _ = await organizer.Http.DeleteAsync($"/api/v1/conferences/{cancelled.Id}");

        // Today's meeting is written: the room prunes the past ones, and their controls with them.
        var today = await RoomMeetingAsync(organizer, TimeSpan.FromMinutes(5));

        Assert.Multiple(() =>
        {
            Assert.That(LiveFields(slotId!), Is.EquivalentTo(new[] { "ended:" + last!.Id }),
                "yesterday's meeting is still in the room (pruned a day after its window); the six before it and the cancelled one are gone");
            Assert.That(today.AccessCode, Is.EqualTo(last!.AccessCode));
        });
    }

    /// <summary>An organizer whose personal room asks no passcode, so a caller is admitted with the code alone.</summary>
    private async Task<TestOrganizer> RoomOrganizerAsync()
    {
        var organizer = await app.NewOrganizerAsync("Olivia Organizer");
        (await organizer.Http.PutAsJsonAsync("/api/v1/me/security", new { oneTimeAccessCode = false, passcodeMode = "none" })).EnsureSuccessStatusCode();
        return organizer;
    }

    private Task<ConferenceDto> RoomMeetingAsync(TestOrganizer organizer, TimeSpan startIn) =>
        organizer.ScheduleOkAsync(new
        {
            title = "Room meeting",
            start = app.Time.GetUtcNow().Add(startIn).ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
            durationMinutes = 30,
            timeZone = "America/New_York",
            security = new { oneTimeAccessCode = false },
            waitForHost = false,
        });

    /// <summary>A caller who types the code and lets the organizer's offer pass (no passcode is asked): bridged, or refused.</summary>
    private async Task<VoiceCall> AdmittedCallAsync(ConferenceDto meeting, string from)
    {
        var call = new VoiceCall(app, from: from);
        await call.DialAsync();
        var offer = await call.PressAsync(meeting.AccessCode + "#");
        if (offer.Gather is not null)
        {
            await call.SilenceAsync();
        }
        return call;
    }

    private async Task<VoiceCall> JoinedCallAsync(ConferenceDto meeting, string from)
    {
        var call = await AdmittedCallAsync(meeting, from);
        Assert.That(call.Last!.Conference, Is.Not.Null, "the caller is bridged: " + call.Last.Body);
        await call.JoinAsync();
        return call;
    }

    private async Task<string> SlotAsync(string meetingId) => (await app.Service<MeetingStore>().GetAsync(meetingId))!.Meeting.SlotId;

    /// <summary>The live hash's field names as Redis holds them.</summary>
    private IReadOnlyList<string> LiveFields(string slotId) =>
        TestRedis.Keys($"{app.KeyPrefix}:{{a:{slotId}}}:live").SelectMany(k => TestRedis.Database.HashKeys(k)).Select(f => f.ToString()).Order().ToList();
}
