using System.Net.Http.Json;
using IvrGateway.CallLog;
using IvrGateway.Scheduling;
using IvrGateway.Voice;
using IvrGateway.Voice.CallMe;

namespace IvrGateway.IntegrationTests.Conferences;

/// <summary>
/// Call me is placed for one meeting, and pressing 1 admits into that meeting only. A personal room holds many meetings, one
/// after another: an organizer who answers (or presses) late, after the meeting ended, was cancelled or was moved, must not
/// start whichever meeting the room holds now.
/// </summary>
public sealed class CallMeMeetingTests : ApplicationFixture<IvrApplication>
{
    private const string OrganizerPhone = "+12025550177";

    [Test]
    public async Task Pressing_1_after_the_meeting_was_cancelled_does_not_start_the_rooms_current_meeting()
    {
        var organizer = await app.NewOrganizerAsync("Olivia Organizer");
        var cancelled = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { oneTimeAccessCode = false });
        await organizer.ScheduleInAsync(TimeSpan.FromMinutes(10), security: new { oneTimeAccessCode = false });
        var reference = await TicketAsync(organizer, cancelled.Id);
        (await organizer.Http.DeleteAsync($"/api/v1/conferences/{cancelled.Id}")).EnsureSuccessStatusCode();

        var (asked, pressed, callSid) = await AnswerAndPressAsync(reference);
        var record = await RecordAsync(callSid);

        Assert.Multiple(() =>
        {
            Assert.That(asked.AllSaid, Does.Contain("Press 1 to start Weekly sync."));
            Assert.That(pressed.Conference, Is.Null, "not bridged into the meeting the room holds now");
            Assert.That(pressed.AllSaid, Is.EqualTo("The meeting has ended. Goodbye."));
            Assert.That(pressed.HangsUp, Is.True);
            Assert.That(record.Outcome, Is.EqualTo(Outcomes.MeetingNotOpen), "the record says why");
            Assert.That(record.MeetingId, Is.EqualTo(cancelled.Id), "and which meeting the call was for");
            Assert.That(record.Role, Is.Null);
        });
    }

    [Test]
    public async Task Pressing_1_after_the_meetings_window_is_over_does_not_start_the_next_meeting_in_the_room()
    {
        var organizer = await app.NewOrganizerAsync("Olivia Organizer");
        var over = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { oneTimeAccessCode = false }, durationMinutes: 15);
        var reference = await TicketAsync(organizer, over.Id);
        var nextStart = over.ActiveUntil + TimeSpan.FromMinutes(5) - app.Time.GetUtcNow();
        var next = await organizer.ScheduleInAsync(nextStart, security: new { oneTimeAccessCode = false });
        app.Time.SetUtcNow(over.ActiveUntil + TimeSpan.FromMinutes(1));
        Assume.That(next.ActiveFrom, Is.LessThan(app.Time.GetUtcNow()), "the next meeting is open when the organizer answers");

        var (_, pressed, callSid) = await AnswerAndPressAsync(reference);
        var record = await RecordAsync(callSid);

        Assert.Multiple(() =>
        {
            Assert.That(pressed.Conference, Is.Null);
            Assert.That(pressed.AllSaid, Is.EqualTo("The meeting has ended. Goodbye."));
            Assert.That(record.Outcome, Is.EqualTo(Outcomes.MeetingNotOpen));
            Assert.That(record.MeetingId, Is.EqualTo(over.Id));
        });
    }

    [Test]
    public async Task Pressing_1_after_the_host_ended_the_meeting_says_it_has_ended_and_starts_nothing()
    {
        var organizer = await app.NewOrganizerAsync("Olivia Organizer");
        var ended = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { oneTimeAccessCode = false });
        await organizer.ScheduleInAsync(TimeSpan.FromMinutes(1), security: new { oneTimeAccessCode = false });
        var reference = await TicketAsync(organizer, ended.Id);
        var slotId = (await app.Service<MeetingStore>().GetAsync(ended.Id))!.Meeting.SlotId;
        await app.Service<IvrGateway.Codes.AccessSlotStore>().EndMeetingAsync(slotId, ended.Id, app.Time.GetUtcNow(), app.Time.GetUtcNow().AddDays(1));

        var (_, pressed, callSid) = await AnswerAndPressAsync(reference);
        var record = await RecordAsync(callSid);

        Assert.Multiple(() =>
        {
            Assert.That(pressed.Conference, Is.Null);
            Assert.That(record.Outcome, Is.EqualTo(Outcomes.MeetingEnded));
        });
    }

    [Test]
    public async Task Pressing_1_bridges_as_host_into_the_meeting_the_call_was_placed_for_even_while_another_meeting_of_the_room_is_open()
    {
        var organizer = await app.NewOrganizerAsync("Olivia Organizer");
        // Both open now; the one that opened first is the one a dialed-in caller reaches.
        var earlier = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(2), security: new { oneTimeAccessCode = false });
        var asked = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { oneTimeAccessCode = false });
        var reference = await TicketAsync(organizer, asked.Id);

        var (_, pressed, callSid) = await AnswerAndPressAsync(reference);
        var record = await RecordAsync(callSid);

        Assert.Multiple(() =>
        {
            Assert.That(pressed.Label, Is.EqualTo("Olivia Organizer"));
            Assert.That(pressed.StartsConference, Is.True, "the host starts the conference");
            Assert.That(pressed.Conference!.Value, Is.EqualTo("room-" + organizer.Account.Id));
            Assert.That(record.Outcome, Is.EqualTo(Outcomes.Host));
            Assert.That(record.Role, Is.EqualTo("host"));
            Assert.That(record.MeetingId, Is.EqualTo(asked.Id), $"admitted into the meeting asked for, not {earlier.Id}");
        });
    }

    [Test]
    public async Task Pressing_1_for_a_one_time_code_meeting_still_bridges_the_organizer_as_host()
    {
        var organizer = await app.NewOrganizerAsync("Olivia Organizer");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { oneTimeAccessCode = true });
        var reference = await TicketAsync(organizer, meeting.Id);

        var (_, pressed, callSid) = await AnswerAndPressAsync(reference);
        var record = await RecordAsync(callSid);

        Assert.Multiple(() =>
        {
            Assert.That(pressed.Conference!.Value, Is.EqualTo("meeting-" + meeting.Id));
            Assert.That(pressed.Label, Is.EqualTo("Olivia Organizer"));
            Assert.That(record.MeetingId, Is.EqualTo(meeting.Id));
            Assert.That(record.Role, Is.EqualTo("host"));
        });
    }

    /// <summary>The ticket <c>CallMeDialer</c> issues for the meeting before it asks Twilio to ring the organizer.</summary>
    private async Task<string> TicketAsync(TestOrganizer organizer, string meetingId)
    {
        var meeting = (await app.Service<MeetingStore>().GetAsync(meetingId))!.Meeting;
        return await app.Service<CallMeTickets>().IssueAsync(new CallMeTicket(meeting.SlotId, organizer.Account.Id, meeting.Id, meeting.Title));
    }

    /// <summary>Twilio plays the placed call: the answer asks for 1, and the organizer presses it.</summary>
    private async Task<(Twiml Asked, Twiml Pressed, string CallSid)> AnswerAndPressAsync(string reference)
    {
        var call = new VoiceCall(app, from: IvrApplication.DialInNumber, to: OrganizerPhone);
        var fields = call.Fields("in-progress");
        fields["Direction"] = "outbound-api";
        var asked = await call.PostAsync(new Uri(new Uri("http://localhost"), CallMeCall.AnswerPath + "?r=" + reference).ToString(), fields);
        var pressed = await call.PressAsync("1");
        return (asked, pressed.AssertValidForTwilio(), call.CallSid);
    }

    private async Task<CallRecord> RecordAsync(string callSid) =>
        (await app.Ops().GetFromJsonAsync<CallRecord>("/api/v1/calls/" + callSid, IvrApplication.Json))!;
}
