using System.Net.Http.Json;
using IvrGateway.CallLog;
using IvrGateway.IntegrationTests.Join;
using IvrGateway.Voice;

namespace IvrGateway.IntegrationTests.Voice.Client;

/// <summary>
/// A personal room holds several meetings, and the code alone does not say which one a caller is for. A browser's join link
/// does: its ticket names the meeting, and <c>/voice/client</c> admits into that meeting or none, never the one the room
/// happens to hold now.
/// </summary>
public sealed class RoomMeetingTicketTests : ApplicationFixture<IvrApplication>
{
    protected override IvrApplication CreateApplication() => new(overrides: BrowserAudio.Settings());

    [Test]
    public async Task A_browser_invited_to_one_meeting_of_a_personal_room_joins_that_meeting_while_another_one_of_the_room_is_current()
    {
        var (organizer, alice) = await RoomAsync();
        var current = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(2), security: new { oneTimeAccessCode = false });
        var invited = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { oneTimeAccessCode = false }, invitees: [alice.Id]);
        var session = await SessionAsync(invited);

        var (twiml, callSid) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);
        var record = await RecordAsync(callSid);

        Assert.Multiple(() =>
        {
            Assert.That(twiml.Label, Is.EqualTo("Alice Archer"));
            Assert.That(record.Outcome, Is.EqualTo(Outcomes.Bridged));
            Assert.That(record.MeetingId, Is.EqualTo(invited.Id), $"the meeting of her link, not the room's current {current.Id}");
        });
    }

    [Test]
    public async Task A_browser_whose_meeting_was_cancelled_after_its_ticket_does_not_join_the_rooms_other_meeting()
    {
        var (organizer, alice) = await RoomAsync();
        var invited = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { oneTimeAccessCode = false }, invitees: [alice.Id]);
        await organizer.ScheduleInAsync(TimeSpan.FromMinutes(10), security: new { oneTimeAccessCode = false });
        var session = await SessionAsync(invited);
        (await organizer.Http.DeleteAsync($"/api/v1/conferences/{invited.Id}")).EnsureSuccessStatusCode();

        var (twiml, callSid) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);
        var record = await RecordAsync(callSid);

        Assert.Multiple(() =>
        {
            Assert.That(twiml.Conference, Is.Null, "not bridged into the meeting the room holds now");
            Assert.That(twiml.AllSaid, Is.EqualTo("The meeting has ended. Goodbye."));
            Assert.That(record.Outcome, Is.EqualTo(Outcomes.MeetingNotOpen));
            Assert.That(record.MeetingId, Is.EqualTo(invited.Id));
            Assert.That(record.Channel, Is.EqualTo(CallRecord.WebChannel));
        });
    }

    /// <summary>An organizer whose personal room asks no passcode, so the room's meetings admit by the code alone.</summary>
    private async Task<(TestOrganizer Organizer, ContactDto Alice)> RoomAsync()
    {
        var organizer = await app.NewOrganizerAsync();
        (await organizer.Http.PutAsJsonAsync("/api/v1/me/security", new { oneTimeAccessCode = false, passcodeMode = "none" })).EnsureSuccessStatusCode();
        return (organizer, await organizer.AddContactAsync("Alice Archer"));
    }

    private async Task<SessionAnswer> SessionAsync(ConferenceDto meeting)
    {
        using var page = new JoinPageClient(app, meeting.Invitations.Single().JoinUrl);
        var session = await page.JoinAsync();
        Assume.That(session.Ticket, Is.Not.Null, session.Message ?? session.Refusal);
        return session;
    }

    private async Task<CallRecord> RecordAsync(string callSid) =>
        (await app.Ops().GetFromJsonAsync<CallRecord>("/api/v1/calls/" + callSid, IvrApplication.Json))!;
}
