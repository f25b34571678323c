using System.Net.Http.Json;
using IvrGateway.CallLog;
using IvrGateway.Voice;
using IvrGateway.Voice.State;

namespace IvrGateway.IntegrationTests.CallLog;

/// <summary>
/// Every call reaches the log once: closed by Twilio's status callback, by the gateway's own final
/// answer, or by the sweeper; in any order, from any node; and the active sets end empty.
/// </summary>
public sealed class CallCompletenessTests
{
    private sealed record Page(List<CallRecord> Calls, string? NextCursor);

    private static async Task<List<CallRecord>> ByCallerAsync(IvrApplication app, string caller, string status = "ended") =>
        (await app.Ops().GetFromJsonAsync<Page>($"/api/v1/calls?caller={Uri.EscapeDataString(caller)}&status={status}", IvrApplication.Json))!.Calls;

    private static long ActiveCalls(IvrApplication app) =>
        app.Service<CallShards>().All.Sum(n => TestRedis.Database.SortedSetLength($"{app.KeyPrefix}:{{s:{n}}}:active"));

    [Test]
    public async Task A_call_the_gateway_hung_up_is_in_the_log_without_a_status_callback_and_a_late_callback_adds_no_second_record()
    {
        using var app = new IvrApplication();
        var call = new VoiceCall(app, from: "+12025554001");
        await call.DialAsync();
        await call.PressAsync(VoiceScenarios.UnissuedCode() + "#");
        await call.PressAsync(VoiceScenarios.UnissuedCode() + "#");
        var last = await call.PressAsync(VoiceScenarios.UnissuedCode() + "#");
        Assert.That(last.HangsUp, Is.True, "three wrong codes end the call");

        var logged = await ByCallerAsync(app, call.From);
        Assert.That(logged.Select(c => c.CallSid), Is.EqualTo(new[] { call.CallSid }));
        Assert.Multiple(() =>
        {
            Assert.That(logged[0].Outcome, Is.EqualTo(Outcomes.TooManyTries));
            Assert.That(logged[0].Status, Is.EqualTo(CallerShardStore.CompletedStatus));
            Assert.That(logged[0].EndedAt, Is.Not.Null);
            Assert.That(ActiveCalls(app), Is.Zero);
        });

        // Twilio's callback, then a retry of it, and a replay of the last step, hours later.
        app.Time.Advance(TimeSpan.FromHours(3));
        await call.HangUpAsync(42);
        await call.HangUpAsync(42);
        Assert.That((await ByCallerAsync(app, call.From)).Select(c => c.CallSid), Is.EqualTo(new[] { call.CallSid }));
        Assert.That(await ByCallerAsync(app, call.From, CallRecord.InProgressStatus), Is.Empty);
    }

    [Test]
    public async Task A_refused_first_step_is_logged_at_once()
    {
        using var app = new IvrApplication();
        var (organizer, meeting) = await VoiceScenarios.SharedAsync(app);
        var cancelled = await organizer.Http.DeleteAsync("/api/v1/conferences/" + meeting.Id);
        var call = new VoiceCall(app, from: "+12025554002");
        await call.DialAsync();
        var answer = await call.PressAsync(meeting.AccessCode + "#");

        Assert.That(answer.HangsUp, Is.True, answer.Body + " / cancel: " + cancelled.StatusCode);
        var logged = await ByCallerAsync(app, call.From);
        Assert.That(logged.Single().CallSid, Is.EqualTo(call.CallSid));
        Assert.That(ActiveCalls(app), Is.Zero);
    }

    [Test]
    public async Task A_call_in_progress_is_listed_as_such_until_it_ends()
    {
        using var app = new IvrApplication();
        var call = new VoiceCall(app, from: "+12025554003");
        await call.DialAsync();

        var live = await ByCallerAsync(app, call.From, CallRecord.InProgressStatus);
        Assert.That(live.Select(c => (c.CallSid, c.Status)), Is.EqualTo(new[] { (call.CallSid, CallRecord.InProgressStatus) }));
        Assert.That(await ByCallerAsync(app, call.From), Is.Empty);

        await call.HangUpAsync();
        Assert.That(await ByCallerAsync(app, call.From, CallRecord.InProgressStatus), Is.Empty);
        Assert.That((await ByCallerAsync(app, call.From)).Single().Outcome, Is.EqualTo(Outcomes.HungUp));
    }

    [Test]
    public async Task An_abandoned_call_is_closed_as_lost_once_by_two_nodes_sweeping_together()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        using var nodeA = new IvrApplication(keyPrefix: prefix);
        using var nodeB = new IvrApplication(keyPrefix: prefix);
        var (_, meeting) = await VoiceScenarios.SharedAsync(nodeA);
        var abandoned = new VoiceCall(nodeA, from: "+12025554004");
        await abandoned.DialAsync();
        await abandoned.PressAsync(meeting.AccessCode + "#");
        var bridged = new VoiceCall(nodeA, from: "+12025554005");
        await bridged.DialAsync();
        await bridged.PressAsync(meeting.AccessCode + "#");
        Assert.That((await bridged.PressAsync("739164#")).Conference, Is.Not.Null);

        // Not yet idle long enough: nothing is closed.
        nodeA.Time.Advance(TimeSpan.FromMinutes(59));
        nodeB.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.That(await nodeA.Service<CallSweeper>().SweepAsync(), Is.Zero);

        nodeA.Time.Advance(TimeSpan.FromMinutes(2));
        nodeB.Time.Advance(TimeSpan.FromMinutes(2));
        var sweeps = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? nodeA : nodeB).Service<CallSweeper>().SweepAsync()));

        Assert.That(sweeps.Sum(), Is.EqualTo(1), "the abandoned call is closed once; the bridged call is in its conference");
        var lost = await ByCallerAsync(nodeB, abandoned.From);
        Assert.That(lost.Select(c => (c.CallSid, c.Outcome)), Is.EqualTo(new[] { (abandoned.CallSid, Outcomes.Lost) }));
        Assert.That(lost[0].Steps, Is.Not.Empty, "the record keeps the steps the call took");
        Assert.That(ActiveCalls(nodeA), Is.EqualTo(1));

        // A conference call is swept only after the bridged limit (12 hours by default).
        nodeA.Time.Advance(TimeSpan.FromHours(10));
        nodeB.Time.Advance(TimeSpan.FromHours(10));
        Assert.That(await nodeB.Service<CallSweeper>().SweepAsync() + await nodeA.Service<CallSweeper>().SweepAsync(), Is.Zero);
        nodeB.Time.Advance(TimeSpan.FromHours(2));
        Assert.That(await nodeB.Service<CallSweeper>().SweepAsync(), Is.EqualTo(1));
        Assert.That(ActiveCalls(nodeA), Is.Zero);

        // The callbacks that finally arrive add no second record.
        await abandoned.HangUpAsync();
        await bridged.HangUpAsync();
        Assert.That((await ByCallerAsync(nodeA, abandoned.From)).Count, Is.EqualTo(1));
        Assert.That((await ByCallerAsync(nodeA, bridged.From)).Select(c => c.Outcome), Is.EqualTo(new[] { Outcomes.Lost }));
    }

    [Test]
    public async Task A_status_callback_before_the_sweep_leaves_nothing_to_sweep()
    {
        using var app = new IvrApplication();
        var call = new VoiceCall(app, from: "+12025554006");
        await call.DialAsync();
        await call.HangUpAsync();
        app.Time.Advance(TimeSpan.FromHours(13));

        Assert.That(await app.Service<CallSweeper>().SweepAsync(), Is.Zero);
        Assert.That((await ByCallerAsync(app, call.From)).Single().Outcome, Is.EqualTo(Outcomes.HungUp));
    }

    [TestCase("CallLog:SweepIdleMinutes", "0")]
    [TestCase("CallLog:SweepBridgedHours", "48")]
    [TestCase("CallLog:SweepIntervalSeconds", "0")]
    public void A_sweep_setting_out_of_range_stops_the_start_naming_the_key(string key, string value)
    {
        using var app = new IvrApplication(new() { [key] = value });
        var failure = Assert.Catch(() => app.Client());
        Assert.That(failure!.ToString(), Does.Contain(key));
    }
}
