using System.Net.Http.Json;
using IvrGateway.CallLog;
using IvrGateway.IntegrationTests.Join;
using IvrGateway.Voice;
using IvrGateway.Voice.State;

namespace IvrGateway.IntegrationTests.Voice.Client;

/// <summary>
/// The TwiML App's status callback (<c>/voice/status</c>, signed) closes a browser's call-log record from the call's final
/// <c>CallStatus</c>: a browser that leaves before it is in the conference has no leave callback, and without the status it
/// stayed in progress until the sweeper closed it as lost. With the conference leave it closes the record exactly once, in
/// either order and however often Twilio retries.
/// </summary>
public sealed class WebCallStatusTests : ApplicationFixture<IvrApplication>
{
    protected override IvrApplication CreateApplication() => new(overrides: BrowserAudio.Settings());

    [Test]
    public async Task A_browser_that_hangs_up_before_it_is_in_the_conference_is_closed_by_its_status_callback_at_once_and_never_swept_as_lost()
    {
        var session = await SessionAsync();
        var (twiml, callSid) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);
        Assume.That(twiml.Conference, Is.Not.Null, "admitted and bridged");
        app.Time.Advance(TimeSpan.FromSeconds(4));

        await StatusAsync(session, callSid, "completed", duration: 3);
        var record = await RecordAsync(callSid);
        app.Time.Advance(TimeSpan.FromHours(13));
        await app.Service<CallSweeper>().SweepAsync();
        var afterSweep = await RecordAsync(callSid);

        Assert.Multiple(() =>
        {
            Assert.That(record.Status, Is.EqualTo("completed"), "closed at once, not left in progress");
            Assert.That(record.EndedAt, Is.EqualTo(app.Time.GetUtcNow() - TimeSpan.FromHours(13)));
            Assert.That(record.DurationSeconds, Is.EqualTo(3), "Twilio's own duration of the call");
            Assert.That(record.Outcome, Is.EqualTo(Outcomes.Bridged), "what the gateway answered; never lost");
            Assert.That(record.Channel, Is.EqualTo("web"));
            Assert.That(record.JoinedAt, Is.Null, "it never was in the conference");
            Assert.That(afterSweep, Is.EqualTo(record).Using<CallRecord>(Same), "nothing left for the sweeper to close as lost");
        });
    }

    [Test]
    public async Task A_browser_refused_at_its_leg_keeps_the_end_the_gateway_gave_it_when_the_status_callback_follows()
    {
        var session = await SessionAsync();
        await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);
        var (refusal, used) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);
        Assume.That(refusal.Conference, Is.Null);
        var closed = await RecordAsync(used);
        app.Time.Advance(TimeSpan.FromSeconds(30));

        await StatusAsync(session, used, "completed", duration: 2);
        var after = await RecordAsync(used);

        Assert.Multiple(() =>
        {
            Assert.That(closed.EndedAt, Is.Not.Null, "closed at once by the gateway's refusal");
            Assert.That(after, Is.EqualTo(closed).Using<CallRecord>(Same), "the status callback adds nothing");
            Assert.That(after.Outcome, Is.EqualTo(Outcomes.TicketUsed));
        });
    }

    [Test]
    public async Task A_status_callback_before_the_conference_leave_closes_the_record_once_with_twilios_duration_and_the_leave_adds_nothing()
    {
        var session = await SessionAsync();
        var (twiml, callSid) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);
        await BrowserLeg.JoinedAsync(app, twiml, callSid);
        app.Time.Advance(TimeSpan.FromMinutes(2));

        await StatusAsync(session, callSid, "completed", duration: 118);
        var closed = await RecordAsync(callSid);
        app.Time.Advance(TimeSpan.FromSeconds(1));
        await BrowserLeg.LeftAsync(app, twiml, callSid);
        await BrowserLeg.LeftAsync(app, twiml, callSid);
        var after = await RecordAsync(callSid);
        var byCaller = await CallsOfAsync(session);

        Assert.Multiple(() =>
        {
            Assert.That(closed.DurationSeconds, Is.EqualTo(118));
            Assert.That(closed.Status, Is.EqualTo("completed"));
            Assert.That(after.DurationSeconds, Is.EqualTo(118), "the leave after it does not close it again");
            Assert.That(after.EndedAt, Is.EqualTo(closed.EndedAt));
            Assert.That(after.LeftAt, Is.Not.Null, "the roster still records the leave");
            Assert.That(byCaller, Is.EqualTo(new[] { callSid }), "one record");
        });
    }

    [Test]
    public async Task A_conference_leave_before_the_status_callback_closes_the_record_once_and_retried_statuses_change_nothing()
    {
        var session = await SessionAsync();
        var (twiml, callSid) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);
        await BrowserLeg.JoinedAsync(app, twiml, callSid);
        app.Time.Advance(TimeSpan.FromSeconds(90));

        await BrowserLeg.LeftAsync(app, twiml, callSid);
        var closed = await RecordAsync(callSid);
        app.Time.Advance(TimeSpan.FromSeconds(2));
        await StatusAsync(session, callSid, "completed", duration: 91);
        await StatusAsync(session, callSid, "completed", duration: 91);
        await StatusAsync(session, callSid, "failed", duration: 500);
        var after = await RecordAsync(callSid);
        var byCaller = await CallsOfAsync(session);

        Assert.Multiple(() =>
        {
            Assert.That(closed.DurationSeconds, Is.EqualTo(90), "counted from /voice/client to the leave");
            Assert.That(after, Is.EqualTo(closed).Using<CallRecord>(Same), "one end: the statuses after it add nothing");
            Assert.That(byCaller, Is.EqualTo(new[] { callSid }), "one record");
        });
    }

    [Test]
    public async Task A_canceled_browser_call_whose_status_comes_before_its_leg_is_one_record_marked_web_and_the_late_leg_adds_no_second()
    {
        var session = await SessionAsync();
        var callSid = "CA" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

        // The browser hung up while Twilio was still asking for TwiML: the status callback wins the race to the record.
        await StatusAsync(session, callSid, "canceled", duration: 0);
        var twiml = await new VoiceCall(app, from: "client:" + session.Identity, to: "")
            .SendAsync("http://localhost/voice/client", BrowserLeg.Fields(callSid, session.Identity!, session.Ticket!), token: null);
        var record = await RecordAsync(callSid);
        var byCaller = await CallsOfAsync(session);

        Assert.Multiple(() =>
        {
            Assert.That(twiml.Conference, Is.Not.Null, "the leg itself is still answered");
            Assert.That(record.Status, Is.EqualTo("canceled"));
            Assert.That(record.Channel, Is.EqualTo("web"), "a browser's record even without its /voice/client step");
            Assert.That(record.From, Is.EqualTo("client:" + session.Identity));
            Assert.That(byCaller, Is.EqualTo(new[] { callSid }), "one record");
        });
    }

    [TestCase("busy")]
    [TestCase("no-answer")]
    [TestCase("failed")]
    public async Task Every_final_status_of_a_bridged_browser_that_never_joined_closes_its_record_with_that_status(string status)
    {
        var session = await SessionAsync();
        var (_, callSid) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);

        await StatusAsync(session, callSid, status, duration: 0);
        var record = await RecordAsync(callSid);

        Assert.Multiple(() =>
        {
            Assert.That(record.Status, Is.EqualTo(status));
            Assert.That(record.EndedAt, Is.Not.Null);
            Assert.That(record.DurationSeconds, Is.Zero);
            Assert.That(record.Channel, Is.EqualTo("web"));
        });
    }

    /// <summary>Two reads of one closed record: the same end.</summary>
    private static bool Same(CallRecord a, CallRecord b) =>
        a.CallSid == b.CallSid && a.Status == b.Status && a.Outcome == b.Outcome && a.EndedAt == b.EndedAt && a.DurationSeconds == b.DurationSeconds
        && a.Steps.Count == b.Steps.Count;

    private async Task<CallRecord> RecordAsync(string callSid) =>
        (await app.Ops().GetFromJsonAsync<CallRecord>("/api/v1/calls/" + callSid, IvrApplication.Json))!;

    private sealed record Page(List<CallRecord> Calls, string? NextCursor);

    private async Task<IReadOnlyList<string>> CallsOfAsync(SessionAnswer session)
    {
        var page = await app.Ops().GetFromJsonAsync<Page>("/api/v1/calls?caller=" + Uri.EscapeDataString("client:" + session.Identity), IvrApplication.Json);
        return page!.Calls.Select(c => c.CallSid).ToList();
    }

    /// <summary>The TwiML App's status callback for the browser's call, as Twilio signs and sends it.</summary>
    private async Task StatusAsync(SessionAnswer session, string callSid, string status, int duration)
    {
        var browser = new VoiceCall(app, from: "client:" + session.Identity, to: "");
        var fields = browser.Fields(status);
        fields["CallSid"] = callSid;
        fields["CallDuration"] = duration.ToString(System.Globalization.CultureInfo.InvariantCulture);
        fields["ApplicationSid"] = BrowserAudio.TwimlAppSid;
        await browser.SendAsync("http://localhost/voice/status", fields, token: null);
    }

    private async Task<SessionAnswer> SessionAsync()
    {
        var organizer = await app.NewOrganizerAsync();
        var contact = await organizer.AddContactAsync("Alice Archer");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { passcodeMode = "unique" }, invitees: [contact.Id]);
        using var browser = new JoinPageClient(app, meeting.Invitations.Single().JoinUrl);
        return await browser.JoinAsync();
    }
}
