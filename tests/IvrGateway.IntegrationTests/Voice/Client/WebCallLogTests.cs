using System.Net.Http.Json;
using System.Text.Json;
using IvrGateway.CallLog;
using IvrGateway.IntegrationTests.CallLog;
using IvrGateway.IntegrationTests.Join;
using IvrGateway.Voice;

namespace IvrGateway.IntegrationTests.Voice.Client;

/// <summary>
/// A browser's call (join online) is in the call log beside the phone calls: one record per CallSid, marked web, opened by
/// <c>/voice/client</c> and closed by what Twilio sends a TwiML App's call (the conference leave callback; the status callback
/// when one is configured).
/// </summary>
public sealed class WebCallLogTests : ApplicationFixture<IvrApplication>
{
    private sealed record Page(List<CallRecord> Calls, string? NextCursor);

    protected override IvrApplication CreateApplication() => new(overrides: BrowserAudio.Settings());

    [Test]
    public async Task A_browser_join_then_its_conference_leave_gives_one_ended_record_marked_web_with_its_label_meeting_and_duration()
    {
        var (alice, meeting, session) = await SessionAsync();

        var (twiml, callSid) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);
        await BrowserLeg.JoinedAsync(app, twiml, callSid);
        var live = await QueryAsync($"status=in-progress&meetingId={meeting.Id}");
        app.Time.Advance(TimeSpan.FromMinutes(3));
        await BrowserLeg.LeftAsync(app, twiml, callSid);
        var json = await app.Ops().GetStringAsync("/api/v1/calls/" + callSid);
        var call = JsonSerializer.Deserialize<CallRecord>(json, IvrApplication.Json)!;

        Assert.Multiple(() =>
        {
            Assert.That(live.Calls.Select(c => (c.CallSid, c.Channel)), Is.EqualTo(new[] { (callSid, "web") }), "in progress while in the conference");
            Assert.That(JsonDocument.Parse(json).RootElement.GetProperty("channel").GetString(), Is.EqualTo("web"));
            Assert.That(call.From, Is.EqualTo("client:" + session.Identity), "the browser's identity, never its ticket");
            Assert.That(json, Does.Not.Contain(session.Ticket!));
            Assert.That(call.Outcome, Is.EqualTo(Outcomes.Bridged));
            Assert.That(call.DisplayName, Is.EqualTo(alice.Name));
            Assert.That(call.MeetingId, Is.EqualTo(meeting.Id));
            Assert.That(call.Role, Is.EqualTo("participant"));
            Assert.That(call.Conference, Is.EqualTo(twiml.Conference!.Value));
            Assert.That(call.Status, Is.EqualTo("completed"));
            Assert.That(call.EndedAt, Is.EqualTo(app.Time.GetUtcNow()));
            Assert.That(call.DurationSeconds, Is.EqualTo(180));
            Assert.That(call.JoinedAt, Is.Not.Null);
            Assert.That(call.LeftAt, Is.EqualTo(app.Time.GetUtcNow()));
            Assert.That(call.Steps.Select(s => (s.Step, s.Outcome, s.Label)), Is.EqualTo(new[] { ("client-join", Outcomes.Bridged, alice.Name) }));
        });
    }

    [Test]
    public async Task A_meetings_call_log_finds_the_browser_join_through_its_index_and_a_later_status_callback_adds_nothing()
    {
        var (_, meeting, session) = await SessionAsync();
        var (twiml, callSid) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);
        await BrowserLeg.JoinedAsync(app, twiml, callSid);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await BrowserLeg.LeftAsync(app, twiml, callSid);

        // A TwiML App with a status callback configured reports the end as well, after the leave.
        var browser = new VoiceCall(app, from: "client:" + session.Identity, to: "");
        var status = browser.Fields("completed");
        status["CallSid"] = callSid;
        status["CallDuration"] = "75";
        await browser.SendAsync("http://localhost/voice/status", status, token: null);
        await BrowserLeg.LeftAsync(app, twiml, callSid);

        var byMeeting = await QueryAsync($"meetingId={meeting.Id}");
        var byCaller = await QueryAsync("caller=" + Uri.EscapeDataString("client:" + session.Identity));
        var indexes = TestRedis.Keys($"{app.KeyPrefix}:*:calls:meeting:{meeting.Id}").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(byMeeting.Calls.Select(c => c.CallSid), Is.EqualTo(new[] { callSid }), "one record, found by its meeting");
            Assert.That(byMeeting.Calls[0].DurationSeconds, Is.EqualTo(60), "the leave closed it; the status callback after it added nothing");
            Assert.That(byCaller.Calls.Select(c => c.CallSid), Is.EqualTo(new[] { callSid }));
            Assert.That(indexes, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Twilios_retry_of_the_same_signed_browser_leg_gives_one_record_with_one_step()
    {
        var (_, meeting, session) = await SessionAsync();
        var callSid = "CA" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var fields = BrowserLeg.Fields(callSid, session.Identity!, session.Ticket!);

        var first = await new VoiceCall(app).SendAsync("http://localhost/voice/client", fields, token: null);
        var retry = await new VoiceCall(app).SendAsync("http://localhost/voice/client", fields, token: null);
        var live = await QueryAsync($"status=in-progress&meetingId={meeting.Id}");
        await BrowserLeg.JoinedAsync(app, first, callSid);
        await BrowserLeg.LeftAsync(app, first, callSid);
        var ended = await QueryAsync($"meetingId={meeting.Id}");

        Assert.Multiple(() =>
        {
            Assert.That(retry.Conference?.Value, Is.EqualTo(first.Conference?.Value));
            Assert.That(live.Calls.Select(c => c.Steps.Count), Is.EqualTo(new[] { 1 }), "one call in progress with one step");
            Assert.That(ended.Calls.Select(c => (c.CallSid, c.Steps.Count)), Is.EqualTo(new[] { (callSid, 1) }));
        });
    }

    [Test]
    public async Task A_browser_leg_with_a_used_expired_or_unknown_ticket_is_an_ended_web_record_with_that_refusal()
    {
        var (_, _, session) = await SessionAsync();
        var (_, _) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);
        var (_, used) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);
        var (_, unknown) = await BrowserLeg.ConnectAsync(app, session.Identity!, new string('x', 43));
        var (_, _, late) = await SessionAsync();
        app.Time.Advance(TimeSpan.FromSeconds(61));
        var (_, expired) = await BrowserLeg.ConnectAsync(app, late.Identity!, late.Ticket!);

        var records = new Dictionary<string, CallRecord>();
        foreach (var sid in new[] { used, unknown, expired })
        {
            records[sid] = (await app.Ops().GetFromJsonAsync<CallRecord>("/api/v1/calls/" + sid, IvrApplication.Json))!;
        }
        var refused = await QueryAsync("outcome=" + Outcomes.TicketUsed);

        Assert.Multiple(() =>
        {
            Assert.That(records[used].Outcome, Is.EqualTo(Outcomes.TicketUsed));
            Assert.That(records[unknown].Outcome, Is.EqualTo(Outcomes.TicketUnknown));
            Assert.That(records[expired].Outcome, Is.EqualTo(Outcomes.TicketExpired));
            Assert.That(records.Values.Select(r => r.Channel), Is.All.EqualTo("web"));
            Assert.That(records.Values.Select(r => r.EndedAt), Is.All.Not.Null, "the gateway ended them: closed at once");
            Assert.That(records.Values.Select(r => r.Conference), Is.All.Null);
            Assert.That(records[used].Steps.Select(s => s.Step), Is.EqualTo(new[] { "client-join" }));
            Assert.That(refused.Calls.Select(c => c.CallSid), Does.Contain(used), "the call log searches by the refusal");
        });
    }

    [Test]
    public async Task A_browser_whose_meeting_was_cancelled_after_its_token_is_recorded_with_the_admissions_refusal()
    {
        var organizer = await app.NewOrganizerAsync();
        var contact = await organizer.AddContactAsync("Alice Archer");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { passcodeMode = "unique" }, invitees: [contact.Id]);
        using var page = new JoinPageClient(app, meeting.Invitations.Single().JoinUrl);
        var session = await page.JoinAsync();
        using var cancelled = await organizer.Http.DeleteAsync($"/api/v1/conferences/{meeting.Id}");
        Assume.That(cancelled.IsSuccessStatusCode, Is.True);

        var (twiml, callSid) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);
        var record = (await app.Ops().GetFromJsonAsync<CallRecord>("/api/v1/calls/" + callSid, IvrApplication.Json))!;

        Assert.Multiple(() =>
        {
            Assert.That(twiml.Conference, Is.Null);
            Assert.That(record.Outcome, Is.EqualTo(Outcomes.Gone));
            Assert.That(record.Steps.Select(s => (s.Step, s.Outcome)), Is.EqualTo(new[] { ("client-join", Outcomes.Gone) }));
            Assert.That(record.Channel, Is.EqualTo("web"));
            Assert.That(record.EndedAt, Is.Not.Null);
        });
    }

    [Test]
    public async Task The_csv_export_has_a_channel_column_web_for_a_browser_and_phone_for_a_phone_call()
    {
        var (_, meeting, session) = await SessionAsync();
        var (twiml, callSid) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);
        await BrowserLeg.JoinedAsync(app, twiml, callSid);
        await BrowserLeg.LeftAsync(app, twiml, callSid);
        var phone = new VoiceCall(app, from: "+12025557001");
        await phone.DialAsync();
        await phone.PressAsync(VoiceScenarios.UnissuedCode() + "#");
        await phone.HangUpAsync(5);

        var web = Csv.Parse(await app.Ops().GetStringAsync($"/api/v1/calls/export?format=csv&meetingId={meeting.Id}"));
        var byPhone = Csv.Parse(await app.Ops().GetStringAsync("/api/v1/calls/export?format=csv&caller=%2B12025557001"));
        var channel = Array.IndexOf(CallLogCsv.Columns, "channel");

        Assert.Multiple(() =>
        {
            Assert.That(web[0], Does.Contain("channel"));
            Assert.That(web.Skip(1).Select(r => (r[0], r[channel])), Is.EqualTo(new[] { (callSid, "web") }));
            Assert.That(byPhone.Skip(1).Select(r => r[channel]), Is.EqualTo(new[] { "phone" }));
        });
    }

    [Test]
    public async Task A_phone_callers_conference_leave_leaves_its_record_to_the_status_callback_as_before()
    {
        var (_, meeting) = await VoiceScenarios.SharedAsync(app);
        var call = new VoiceCall(app, from: "+12025557002", verstat: VoiceCall.Attested);
        await call.DialAsync();
        await call.PressAsync(meeting.AccessCode + "#");
        await call.PressAsync("739164#");
        await call.JoinAsync();
        await call.LeaveAsync();

        var afterLeave = await app.Ops().GetFromJsonAsync<CallRecord>("/api/v1/calls/" + call.CallSid, IvrApplication.Json);
        await call.HangUpAsync(42);
        var afterStatus = await app.Ops().GetFromJsonAsync<CallRecord>("/api/v1/calls/" + call.CallSid, IvrApplication.Json);

        Assert.Multiple(() =>
        {
            Assert.That(afterLeave!.Status, Is.EqualTo(CallRecord.InProgressStatus));
            Assert.That(afterLeave.Channel, Is.EqualTo("phone"));
            Assert.That(afterStatus!.DurationSeconds, Is.EqualTo(42));
        });
    }

    private async Task<Page> QueryAsync(string query) => (await app.Ops().GetFromJsonAsync<Page>("/api/v1/calls?" + query, IvrApplication.Json))!;

    private async Task<(InvitationDto Alice, ConferenceDto Meeting, SessionAnswer Session)> SessionAsync()
    {
        var organizer = await app.NewOrganizerAsync();
        var contact = await organizer.AddContactAsync("Alice Archer");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { passcodeMode = "unique" }, invitees: [contact.Id]);
        var alice = meeting.Invitations.Single();
        using var browser = new JoinPageClient(app, alice.JoinUrl);
        return (alice, meeting, await browser.JoinAsync());
    }
}
