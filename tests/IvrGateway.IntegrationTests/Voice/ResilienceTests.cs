using System.Diagnostics;

namespace IvrGateway.IntegrationTests.Voice;

/// <summary>Any node serves any step; a Redis outage costs callers an apology, never Twilio's error, and ends by itself.</summary>
public sealed class ResilienceTests
{
    [Test]
    public async Task One_call_can_alternate_between_two_gateway_nodes()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        using var nodeA = new IvrApplication(keyPrefix: prefix);
        using var nodeB = new IvrApplication(keyPrefix: prefix);
        var (organizer, meeting) = await VoiceScenarios.UniqueAsync(nodeA, "Alice Archer");
        var call = new VoiceCall(nodeA, from: "+12025550701");

        await call.DialAsync();
        call.App = nodeB;
        await call.PressAsync(meeting.AccessCode + "#");
        call.App = nodeA;
        var bridged = await call.PressAsync(meeting.Passcode("Alice Archer") + "#");
        call.App = nodeB;
        await call.JoinAsync();
        call.App = nodeA;
        await call.LeaveAsync();
        call.App = nodeB;
        await call.HangUpAsync();

        Assert.That(bridged.Label, Is.EqualTo("Alice Archer"));
        var attendance = await new TestOrganizer(organizer.Account, nodeB.Client(organizer.Account.ApiKey), nodeB)
            .Http.GetStringAsync($"/api/v1/conferences/{meeting.Id}/attendance");
        Assert.That(attendance, Does.Contain("Alice Archer").And.Contain("leftAt\":\"20"));
    }

    [Test]
    public async Task When_redis_stops_mid_call_the_caller_hears_an_apology_quickly_and_calls_work_again_once_it_is_back()
    {
        using var redis = RedisServer.Start(persistent: true);
        using var app = new IvrApplication(redis: redis.ConnectionString);
        var (_, meeting) = await VoiceScenarios.SharedAsync(app);
        var call = new VoiceCall(app, from: "+12025550702");
        await call.DialAsync();
        await call.PressAsync(meeting.AccessCode + "#");

        redis.Stop();
        var clock = Stopwatch.StartNew();
        var apology = await call.PressAsync("739164#");
        var elapsed = clock.Elapsed;

        Assert.That(apology.StatusCode, Is.EqualTo(200));
        Assert.That(apology.Said.Single(), Does.StartWith("We're sorry, the conference line is having a problem"));
        Assert.That(apology.HangsUp, Is.True);
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
        var health = await app.Client().GetAsync("/health/ready");
        Assert.That((int)health.StatusCode, Is.EqualTo(200), "the node stays in rotation: it still answers every caller");
        Assert.That(await health.Content.ReadAsStringAsync(), Is.EqualTo("Degraded"), "readiness reports the outage");

        redis.Launch();
        Twiml? bridged = null;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            var retry = new VoiceCall(app, from: "+12025550703");
            var greeting = await retry.DialAsync();
            if (greeting.Gather is not null)
            {
                await retry.PressAsync(meeting.AccessCode + "#");
                bridged = await retry.PressAsync("739164#");
                break;
            }
            await Task.Delay(250);
        }
        Assert.That(bridged?.Label, Is.EqualTo("Caller 0703"), "the same gateway process serves calls again without a restart");
        Assert.That(await app.Client().GetStringAsync("/health/ready"), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Nodes_whose_clocks_differ_still_append_every_call_to_the_log()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        using var ahead = new IvrApplication(keyPrefix: prefix);
        using var behind = new IvrApplication(keyPrefix: prefix);
        ahead.Time.Advance(TimeSpan.FromMinutes(2));
        var first = new VoiceCall(ahead, from: "+12025550790");
        await first.DialAsync();
        await first.HangUpAsync();

        // Same caller, same shard stream, but this node's clock is two minutes behind the last entry.
        var second = new VoiceCall(behind, from: "+12025550790");
        await second.DialAsync();
        await second.HangUpAsync();

        var log = await ahead.Ops().GetStringAsync("/api/v1/calls?caller=%2B12025550790");
        Assert.That(log, Does.Contain(first.CallSid).And.Contain(second.CallSid));
    }

    [Test]
    public async Task Calls_keep_working_after_redis_forgets_its_scripts()
    {
        using var redis = RedisServer.Start();
        using var app = new IvrApplication(redis: redis.ConnectionString);
        var (_, meeting) = await VoiceScenarios.SharedAsync(app);
        var before = new VoiceCall(app, from: "+12025550795");
        await before.DialAsync();
        await before.PressAsync(meeting.AccessCode + "#");
        Assert.That((await before.PressAsync("739164#")).Label, Is.Not.Null);

        // What a failover or a restart does to Redis's script cache, while the gateway keeps its connection.
        using (var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true"))
        {
            await admin.GetServer(admin.GetEndPoints()[0]).ScriptFlushAsync();
        }
        var after = new VoiceCall(app, from: "+12025550796");
        await after.DialAsync();
        await after.PressAsync(meeting.AccessCode + "#");

        Assert.That((await after.PressAsync("739164#")).Label, Is.EqualTo("Caller 0796"));
    }
}
