using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IvrGateway.CallLog;
using IvrGateway.Codes;
using IvrGateway.Infrastructure.Security;
using IvrGateway.Voice;

namespace IvrGateway.IntegrationTests.CallLog;

public sealed class CallLogOpsTests
{
    private sealed record Page(List<CallRecord> Calls, string? NextCursor);

    private static async Task<VoiceCall> UnknownCodeCallAsync(IvrApplication app, string from)
    {
        var call = new VoiceCall(app, from: from);
        await call.DialAsync();
        await call.PressAsync(VoiceScenarios.UnissuedCode() + "#");
        await call.HangUpAsync();
        return call;
    }

    [Test]
    public async Task Records_older_than_the_retention_are_trimmed_as_new_calls_arrive()
    {
        using var app = new IvrApplication(new() { ["CallLog:RetentionDays"] = "30" });
        var old = await UnknownCodeCallAsync(app, "+12025552001");
        app.Time.Advance(TimeSpan.FromDays(29));
        var recent = await UnknownCodeCallAsync(app, "+12025552001");
        app.Time.Advance(TimeSpan.FromDays(2));

        var newest = await UnknownCodeCallAsync(app, "+12025552001");

        var page = await app.Ops().GetFromJsonAsync<Page>("/api/v1/calls?caller=%2B12025552001", IvrApplication.Json);
        Assert.That(page!.Calls.Select(c => c.CallSid), Is.EqualTo(new[] { newest.CallSid, recent.CallSid }));
        Assert.That(await app.Ops().GetAsync("/api/v1/calls/" + old.CallSid), Has.Property("StatusCode").EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_step_that_met_a_redis_outage_is_in_the_record_once_redis_is_back()
    {
        using var redis = RedisServer.Start(persistent: true);
        using var app = new IvrApplication(redis: redis.ConnectionString);
        var (_, meeting) = await VoiceScenarios.SharedAsync(app);
        var call = new VoiceCall(app, from: "+12025552002");
        await call.DialAsync();
        await call.PressAsync(meeting.AccessCode + "#");
        redis.Stop();
        await call.PressAsync("739164#");
        redis.Launch();

        // Twilio reports the end of the call once Redis (and so the gateway) answers again.
        await WaitUntilReadyAsync(app);
        await call.HangUpAsync();
        var record = await app.Ops().GetFromJsonAsync<CallRecord>("/api/v1/calls/" + call.CallSid, IvrApplication.Json);

        Assert.That(record, Is.Not.Null);
        Assert.That(record!.Outcome, Is.EqualTo(Outcomes.StoreUnavailable));
        Assert.That(record.Steps.Select(s => s.Outcome), Does.Contain(Outcomes.StoreUnavailable));
        var page = await app.Ops().GetFromJsonAsync<Page>("/api/v1/calls?outcome=store-unavailable", IvrApplication.Json);
        Assert.That(page!.Calls.Select(c => c.CallSid), Does.Contain(call.CallSid));
    }

    [Test]
    public async Task A_step_journalled_during_an_outage_survives_a_restart_of_its_node_and_joins_the_record_another_node_closed()
    {
        using var redis = RedisServer.Start(persistent: true);
        var journal = Path.Combine(Path.GetTempPath(), "ivr-test-journal", $"restart-{Guid.NewGuid():N}.ndjson");
        var settings = new Dictionary<string, string?> { ["Voice:OutageJournalFile"] = journal };
        string prefix;
        VoiceCall call;
        using (var node = new IvrApplication(settings, redis: redis.ConnectionString))
        {
            prefix = node.KeyPrefix;
            var (_, meeting) = await VoiceScenarios.SharedAsync(node);
            call = new VoiceCall(node, from: "+12025552003");
            await call.DialAsync();
            await call.PressAsync(meeting.AccessCode + "#");
            redis.Stop();
            var apology = await call.PressAsync("739164#");
            Assert.That(apology.HangsUp, Is.True, "the caller hears the apology");
        }
        Assert.That(File.ReadAllLines(journal), Has.Length.EqualTo(1), "the step waits on disk while the node is down");
        redis.Launch();

        // Another node takes Twilio's status callback and closes the call's record.
        using var other = new IvrApplication(redis: redis.ConnectionString, keyPrefix: prefix);
        call.App = other;
        await WaitUntilReadyAsync(other);
        await call.HangUpAsync();
        // The first node comes back and replays its journal.
        using var restarted = new IvrApplication(settings, redis: redis.ConnectionString, keyPrefix: prefix);
        CallRecord? record = null;
        for (var i = 0; i < 80 && record?.Outcome != Outcomes.StoreUnavailable; i++)
        {
            await Task.Delay(100);
            record = await restarted.Ops().GetFromJsonAsync<CallRecord>("/api/v1/calls/" + call.CallSid, IvrApplication.Json);
        }

        var byCaller = await other.Ops().GetFromJsonAsync<Page>("/api/v1/calls?caller=%2B12025552003", IvrApplication.Json);
        Assert.Multiple(() =>
        {
            Assert.That(record!.Outcome, Is.EqualTo(Outcomes.StoreUnavailable));
            Assert.That(record.Status, Is.EqualTo("completed"), "the status callback's record, with the step merged in");
            Assert.That(byCaller!.Calls.Select(c => c.CallSid), Is.EqualTo(new[] { call.CallSid }), "one record for the CallSid");
            Assert.That(File.Exists(journal), Is.False, "nothing waits any more");
        });
    }

    private static async Task WaitUntilReadyAsync(IvrApplication app)
    {
        for (var i = 0; i < 80; i++)
        {
            // Readiness stays 200 during an outage (Degraded); Healthy says Redis answers again.
            if (await app.Client().GetStringAsync("/health/ready") == "Healthy")
            {
                return;
            }
            await Task.Delay(250);
        }
        Assert.Fail("The gateway did not become ready again after Redis came back.");
    }

    [TestCase("?outcome=exploded", "outcome")]
    [TestCase("?since=2026-12-02T00:00:00Z&until=2026-12-01T00:00:00Z", "until")]
    [TestCase("?since=yesterday", "since")]
    [TestCase("?limit=501", "limit")]
    [TestCase("?limit=0", "limit")]
    [TestCase("?cursor=not-a-cursor", "cursor")]
    [TestCase("?meetingId=drop%20table", "meetingId")]
    public async Task A_query_parameter_out_of_range_is_a_400_naming_it(string query, string parameter)
    {
        using var app = new IvrApplication();

        var response = await app.Ops().GetAsync("/api/v1/calls" + query);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(e => e.Name), Does.Contain(parameter));
    }

    [Test]
    public async Task An_unknown_export_format_is_a_400()
    {
        using var app = new IvrApplication();

        var response = await app.Ops().GetAsync("/api/v1/calls/export?format=xlsx");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task A_wrong_key_is_401_and_an_organizer_key_on_ops_routes_is_403()
    {
        using var app = new IvrApplication();
        var organizer = await app.NewOrganizerAsync();

        Assert.That((await app.Client("wrong-key").GetAsync("/api/v1/calls")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await organizer.Http.GetAsync("/api/v1/calls")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await organizer.Http.GetAsync("/api/v1/calls/export?format=csv")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await app.Admin().GetAsync("/api/v1/calls")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task An_unknown_or_malformed_call_sid_is_404_or_400()
    {
        using var app = new IvrApplication();

        Assert.That((await app.Ops().GetAsync("/api/v1/calls/CA" + new string('0', 32))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await app.Ops().GetAsync("/api/v1/calls/not-a-sid")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    // OpenTelemetry listens to every meter of this name in the process, and test hosts share a
    // process: exact counts need this test to run while no other gateway is taking calls.
    [Test]
    [NonParallelizable]
    public async Task The_metrics_endpoint_counts_calls_steps_and_security_events()
    {
        using var app = new IvrApplication(new() { ["Voice:BruteForce:CallerFailures"] = "2" });
        var (_, meeting) = await VoiceScenarios.SharedAsync(app);
        for (var i = 0; i < 3; i++)
        {
            var call = new VoiceCall(app, from: $"+1202555300{i}");
            await call.DialAsync();
            await call.PressAsync(meeting.AccessCode + "#");
            await call.PressAsync("739164#");
            await call.HangUpAsync();
        }
        var locked = new VoiceCall(app, from: "+12025553099");
        await locked.DialAsync();
        await locked.PressAsync(VoiceScenarios.UnissuedCode() + "#");
        await locked.PressAsync(VoiceScenarios.UnissuedCode() + "#");
        await locked.HangUpAsync();

        var metrics = await app.Client().GetStringAsync("/metrics");

        Assert.Multiple(() =>
        {
            Assert.That(Value(metrics, "ivr_calls_total", "outcome=\"bridged\""), Is.EqualTo(3));
            Assert.That(Value(metrics, "ivr_calls_total", "outcome=\"locked-out\""), Is.EqualTo(1));
            Assert.That(Value(metrics, "ivr_step_outcomes_total", "outcome=\"unknown-code\""), Is.EqualTo(1));
            Assert.That(Value(metrics, "ivr_security_events_total", "kind=\"caller-locked-out\""), Is.EqualTo(1));
            Assert.That(Value(metrics, "ivr_webhook_duration_seconds_count", "step=\"passcode\""), Is.EqualTo(3));
            Assert.That(metrics, Does.Contain("ivr_redis_duration_seconds_bucket"));
            Assert.That(metrics, Does.Contain("ivr_calls_in_progress"));
            Assert.That(metrics, Does.Not.Contain(meeting.AccessCode).And.Not.Contain("739164"));
        });
    }

    private static double Value(string exposition, string name, string label)
    {
        var line = exposition.Split('\n').FirstOrDefault(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal));
        Assert.That(line, Is.Not.Null, $"{name} with {label} in:\n{exposition}");
        return double.Parse(line!.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Test]
    public async Task A_lockout_is_a_security_event_and_the_log_shows_the_caller_number_masked()
    {
        using var app = new IvrApplication(new() { ["Voice:BruteForce:CallerFailures"] = "2" });
        var call = new VoiceCall(app, from: "+12025553456");
        await call.DialAsync();
        await call.PressAsync(VoiceScenarios.UnissuedCode() + "#");
        await call.PressAsync(VoiceScenarios.UnissuedCode() + "#");
        await new VoiceCall(app, from: "+12025553456").DialAsync();

        // The event is written after the answer (fire and forget): up to ten seconds for a loaded machine.
        IReadOnlyList<SecurityEvent> events = [];
        for (var i = 0; i < 500 && events.Count == 0; i++)
        {
            await Task.Delay(20);
            events = await app.Service<SecurityEventLog>().RecentAsync(10);
        }

        Assert.That(events.Single().Kind, Is.EqualTo("caller-locked-out"));
        Assert.That(events.Single().CallSid, Is.EqualTo(call.CallSid));
        var logs = app.Logs.All;
        Assert.That(logs, Does.Contain("+1********56"), "masked: country code and last two digits");
        Assert.That(logs, Does.Not.Contain("+12025553456"));
    }

    [Test]
    public async Task Organizers_see_their_contacts_numbers_in_attendance_but_guests_masked_and_ops_see_all()
    {
        using var app = new IvrApplication();
        var organizer = await app.NewOrganizerAsync();
        var alice = await organizer.AddContactAsync("Alice Archer", "+12025554001");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { passcodeMode = "unique" }, invitees: [alice.Id]);
        var invitee = new VoiceCall(app, from: "+12025554001");
        await invitee.DialAsync();
        await invitee.PressAsync(meeting.AccessCode + "#");
        await invitee.PressAsync(meeting.Invitations[0].Passcode + "#");
        await invitee.JoinAsync();
        var host = new VoiceCall(app, from: "+12025554999");
        await host.DialAsync();
        await host.PressAsync($"{meeting.AccessCode}*{organizer.Account.HostPin}#");
        await host.JoinAsync();

        var asOrganizer = await organizer.Http.GetFromJsonAsync<List<AttendanceEntry>>($"/api/v1/conferences/{meeting.Id}/attendance", IvrApplication.Json);
        var asOps = await app.Ops().GetFromJsonAsync<List<AttendanceEntry>>($"/api/v1/conferences/{meeting.Id}/attendance", IvrApplication.Json);

        Assert.That(asOrganizer!.Single(e => e.Role == "participant").CallerNumber, Is.EqualTo("+12025554001"));
        Assert.That(asOrganizer!.Single(e => e.Role == "host").CallerNumber, Is.EqualTo("+1********99"));
        Assert.That(asOps!.Select(e => e.CallerNumber), Is.EquivalentTo(new[] { "+12025554001", "+12025554999" }));
    }
}
