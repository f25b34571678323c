using System.Diagnostics;
using System.Globalization;
using IvrGateway.Simulator.Calls;
using IvrGateway.Testing.Redis;

namespace IvrGateway.EndToEndTests.Ops;

/// <summary>
/// A Redis primary with a replica, and the gateway given both endpoints. The primary dies in the middle of calls and the
/// replica is promoted (REPLICAOF NO ONE, as Sentinel or an operator does): callers in flight hear at most the apology,
/// new calls bridge within seconds, and no record written before the failover is lost.
/// </summary>
[NonParallelizable]
public sealed class FailoverTests
{
    [Test]
    [CancelAfter(180_000)]
    public async Task When_the_replica_is_promoted_mid_calls_callers_hear_at_most_the_apology_new_calls_bridge_within_seconds_and_no_record_is_lost(
        CancellationToken ct)
    {
        using var primary = RedisServer.Start(persistent: true);
        using var replica = RedisServer.Start(persistent: true);
        RedisCli(replica.Port, "REPLICAOF", "127.0.0.1", primary.Port.ToString(CultureInfo.InvariantCulture));
        await WaitUntilAsync(() => RedisCli(replica.Port, "INFO", "replication").Contains("master_link_status:up", StringComparison.Ordinal), ct);
        var folder = Directory.CreateTempSubdirectory("ivr-failover-").FullName;
        using var log = new ProcessLog(Path.Combine(folder, "gateway.log"));
        // Both endpoints; StackExchange.Redis writes to whichever reports itself primary, and re-reads the roles every second.
        var endpoints = $"{primary.ConnectionString},{replica.ConnectionString},configCheckSeconds=1";
        using var gateway = await GatewayProcess.StartAsync(GatewayProcess.BuiltDll(), endpoints, log, ct);
        using var api = new ManagementApi(gateway.BaseUrl, gateway.Secrets);
        var organizer = await api.NewOrganizerAsync("Fay Failover", ct);
        var meeting = await organizer.ScheduleAsync(TimeSpan.FromMinutes(5), new { passcodeMode = "shared", sharedPasscode = "739164" }, [], ct);
        using var handler = CallSimulator.CreateHandler();
        var twilio = new IvrGateway.Testing.Twilio.FakeTwilio(handler, TimeProvider.System, gateway.BaseUrl, gateway.Secrets.AuthToken, GatewayProcess.DialInNumber);
        string[] keys = [meeting.AccessCode + "#", "739164#"];

        var before = new List<CallResult>();
        for (var i = 0; i < 5; i++)
        {
            before.Add(await twilio.DialAsync("+1202555870" + i, keys, ct));
        }
        // Calls in flight: each has typed its code when the primary dies; they type the passcode after it.
        var inFlight = Enumerable.Range(0, 5).Select(i => new FailAtPasscode(primary, replica)).ToList();
        // Played side by side, and checked for Twilio's "application error" one after the other (NUnit's assertion scopes are per test).
        var calls = inFlight.Select((observer, i) => twilio.Simulator.DialAsync(twilio.Options("+1202555871" + i), new ScriptedKeypad(keys), observer, ct)).ToList();
        var during = await Task.WhenAll(calls);
        foreach (var call in during)
        {
            IvrGateway.Testing.Twilio.FakeTwilio.AssertTwilioWasAnswered(call);
        }
        var failedOver = FailAtPasscode.FailedOverAt ?? throw new InvalidOperationException("The failover never happened.");

        // New calls until one bridges: the time to recover.
        var recovered = Stopwatch.StartNew();
        CallResult? next = null;
        for (var i = 0; i < 60 && next?.Outcome != CallOutcome.Bridged; i++)
        {
            next = await twilio.DialAsync("+120255587" + (20 + i).ToString(CultureInfo.InvariantCulture), keys, ct);
        }
        var recovery = TimeProvider.System.GetUtcNow() - failedOver;

        using var ops = new HttpClient { BaseAddress = gateway.BaseUrl };
        ops.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", gateway.Secrets.OpsApiKey);
        // A step that met the outage waits in the journal and joins its record within a second or two of Redis answering.
        var lost = before.Concat(during).Select(c => c.CallSid).ToList();
        for (var i = 0; i < 40 && lost.Count > 0; i++)
        {
            var found = new List<string>();
            foreach (var sid in lost)
            {
                if ((await ops.GetAsync("/api/v1/calls/" + sid, ct)).IsSuccessStatusCode)
                {
                    found.Add(sid);
                }
            }
            lost.RemoveAll(found.Contains);
            if (lost.Count > 0)
            {
                await Task.Delay(250, ct);
            }
        }
        var apologies = during.Count(c => c.Outcome != CallOutcome.Bridged);
        TestContext.Out.WriteLine($"failover: {apologies} of {during.Length} calls in flight heard the apology; a new call bridged "
            + $"{recovery.TotalSeconds:0.0} s after the primary died; records lost: {lost.Count}");
        Assert.Multiple(() =>
        {
            Assert.That(before.Select(c => c.Outcome), Has.All.EqualTo(CallOutcome.Bridged));
            Assert.That(during.Select(c => c.Outcome), Has.All.AnyOf(CallOutcome.Bridged, CallOutcome.Refused), "bridged, or the apology");
            Assert.That(next?.Outcome, Is.EqualTo(CallOutcome.Bridged), "a new call bridges after the failover");
            Assert.That(recovery, Is.LessThan(TimeSpan.FromSeconds(10)), "within seconds");
            Assert.That(lost, Is.Empty, "every call's record is in the log");
        });
    }

    /// <summary>The first call in flight to reach the passcode kills the primary and promotes the replica; all wait for it.</summary>
    private sealed class FailAtPasscode(RedisServer primary, RedisServer replica) : ICallObserver
    {
        private static readonly Lock Gate = new();

        public static DateTimeOffset? FailedOverAt { get; private set; }

        private int keysTyped;

        public void OnEvent(IvrGateway.Simulator.Calls.CallEvent callEvent)
        {
            if (callEvent is KeysPressed && ++keysTyped == 2)
            {
                lock (Gate)
                {
                    if (FailedOverAt is null)
                    {
                        primary.Stop();
                        RedisCli(replica.Port, "REPLICAOF", "NO", "ONE");
                        FailedOverAt = TimeProvider.System.GetUtcNow();
                    }
                }
            }
        }
    }

    private static string RedisCli(int port, params string[] command)
    {
        var info = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-p");
        info.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        foreach (var word in command)
        {
            info.ArgumentList.Add(word);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100, ct);
        }
    }
}
