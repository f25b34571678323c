using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using IvrGateway.CallLog;
using IvrGateway.Organizers;
using IvrGateway.Voice;
using StackExchange.Redis;

namespace IvrGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A Redis that answers with an error reply (full, busy, read-only) is as unavailable as one that
/// does not answer: callers hear the apology quickly, the API answers 503 with Retry-After, the step
/// is journalled as store-unavailable, readiness says Degraded. Each test breaks its own redis-server.
/// </summary>
public sealed class RedisErrorTests
{
    private sealed record Page(List<CallRecord> Calls, string? NextCursor);

    private static async Task<ConnectionMultiplexer> AdminAsync(RedisServer redis) =>
        await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");

    private static async Task AssertApologyAsync(Func<Task<Twiml>> step)
    {
        var clock = Stopwatch.StartNew();
        var answer = await step();
        Assert.Multiple(() =>
        {
            Assert.That(answer.StatusCode, Is.EqualTo(200));
            Assert.That(answer.Said.Single(), Does.StartWith("We're sorry, the conference line is having a problem"));
            Assert.That(answer.HangsUp, Is.True);
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
        });
    }

    private static async Task AssertApiUnavailableAsync(IvrApplication app)
    {
        var response = await app.Admin().PostAsJsonAsync("/api/v1/organizers", new { name = "Nora Full", email = "nora@example.com", timeZone = "UTC" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    private static async Task<string> ReadinessAsync(IvrApplication app)
    {
        var response = await app.Client().GetAsync("/health/ready");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a store outage leaves the node in rotation");
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<CallRecord> WaitForRecordAsync(IvrApplication app, string callSid)
    {
        for (var i = 0; i < 60; i++)
        {
            var response = await app.Ops().GetAsync("/api/v1/calls/" + callSid);
            if (response.IsSuccessStatusCode)
            {
                return (await response.Content.ReadFromJsonAsync<CallRecord>(IvrApplication.Json))!;
            }
            await Task.Delay(250);
        }
        Assert.Fail("The call's record never appeared.");
        return null!;
    }

    [Test]
    public async Task A_read_attempt_that_times_out_and_is_answered_on_retry_is_a_warning_not_an_error()
    {
        using var redis = RedisServer.Start();
        using var app = new IvrApplication(redis: redis.ConnectionString);
        var store = app.Service<OrganizerStore>();
        Assert.That(await store.GetAsync("org_warmup"), Is.Null, "connected");
        using var admin = await AdminAsync(redis);

        // Redis stalls for longer than one read attempt (400 ms) and less than the read's whole budget (2 s).
        var stall = admin.GetDatabase().ExecuteAsync("DEBUG", "SLEEP", "0.7");
        await Task.Delay(50);
        var read = await store.GetAsync("org_absent");
        await stall;

        var lines = app.Logs.Lines;
        Assert.Multiple(() =>
        {
            Assert.That(read, Is.Null, "the retried read answered");
            Assert.That(lines.Where(l => l.StartsWith("Warning Polly", StringComparison.Ordinal) && l.Contains("OnTimeout", StringComparison.Ordinal)),
                Is.Not.Empty, "the attempt that timed out is reported");
            Assert.That(lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)),
                Is.Empty, "nothing failed, so nothing is logged as an error");
        });
    }

    [Test]
    public async Task Redis_out_of_memory_is_an_outage_not_a_bug()
    {
        using var redis = RedisServer.Start();
        using var app = new IvrApplication(redis: redis.ConnectionString);
        var (_, meeting) = await VoiceScenarios.SharedAsync(app);
        using var admin = await AdminAsync(redis);
        var call = new VoiceCall(app, from: "+12025553101");
        await call.DialAsync();
        await call.PressAsync(meeting.AccessCode + "#");

        await admin.GetDatabase().ExecuteAsync("CONFIG", "SET", "maxmemory-policy", "noeviction");
        await admin.GetDatabase().ExecuteAsync("CONFIG", "SET", "maxmemory", "1");
        await AssertApologyAsync(() => call.PressAsync("739164#"));
        await AssertApologyAsync(() => new VoiceCall(app, from: "+12025553102").DialAsync());
        await AssertApiUnavailableAsync(app);
        Assert.That(app.Logs.All, Does.Contain(Outcomes.StoreUnavailable));

        await admin.GetDatabase().ExecuteAsync("CONFIG", "SET", "maxmemory", "0");
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // the write circuit may have opened
        await call.HangUpAsync();
        var record = await WaitForRecordAsync(app, call.CallSid);
        Assert.That(record.Steps.Select(s => s.Outcome), Does.Contain(Outcomes.StoreUnavailable), "the journal wrote the failed step once Redis took writes again");
    }

    [Test]
    public async Task A_script_stuck_in_redis_BUSY_gets_callers_the_apology_and_readiness_says_degraded()
    {
        using var redis = RedisServer.Start();
        using var app = new IvrApplication(redis: redis.ConnectionString);
        var (_, meeting) = await VoiceScenarios.SharedAsync(app);
        using var admin = await AdminAsync(redis);
        using var stuck = await AdminAsync(redis);
        await admin.GetDatabase().ExecuteAsync("CONFIG", "SET", "busy-reply-threshold", "100");
        var call = new VoiceCall(app, from: "+12025553111");
        await call.DialAsync();

        // A read-only busy loop, so SCRIPT KILL can end it.
        var loop = stuck.GetDatabase().ScriptEvaluateAsync(
            "local s = tonumber(redis.call('TIME')[1]) while tonumber(redis.call('TIME')[1]) - s < 20 do end return 1");
        await Task.Delay(300);
        try
        {
            await AssertApologyAsync(() => call.PressAsync(meeting.AccessCode + "#"));
            await AssertApiUnavailableAsync(app);
            Assert.That(await ReadinessAsync(app), Is.EqualTo("Degraded"));
        }
        finally
        {
            await admin.GetDatabase().ExecuteAsync("SCRIPT", "KILL");
            Assert.That(async () => await loop, Throws.InstanceOf<RedisException>());
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.That(await ReadinessAsync(app), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task A_primary_demoted_to_a_replica_READONLY_gets_callers_the_apology()
    {
        using var redis = RedisServer.Start();
        using var app = new IvrApplication(redis: redis.ConnectionString);
        var (_, meeting) = await VoiceScenarios.SharedAsync(app);
        using var admin = await AdminAsync(redis);
        var call = new VoiceCall(app, from: "+12025553121");
        await call.DialAsync();

        // What a failover does to the old primary: it follows a primary that is not there (yet).
        await admin.GetDatabase().ExecuteAsync("REPLICAOF", "127.0.0.1", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await AssertApologyAsync(() => call.PressAsync(meeting.AccessCode + "#"));
        await AssertApiUnavailableAsync(app);

        await admin.GetDatabase().ExecuteAsync("REPLICAOF", "NO", "ONE");
        var deadline = Stopwatch.StartNew();
        Twiml? greeting = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            greeting = await new VoiceCall(app, from: "+12025553122").DialAsync();
            if (greeting.Gather is not null)
            {
                break;
            }
            await Task.Delay(250);
        }
        Assert.That(greeting?.Gather, Is.Not.Null, "calls work again once the node is a primary again");
    }
}
