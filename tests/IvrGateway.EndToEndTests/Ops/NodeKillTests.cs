using System.Diagnostics;
using System.Net.Http.Json;
using IvrGateway.Simulator.Calls;
using IvrGateway.Testing.Redis;

namespace IvrGateway.EndToEndTests.Ops;

/// <summary>
/// Two gateway processes on one Redis behind a balancer (here a handler that sends each webhook to the first node that
/// accepts the connection, as a balancer retrying a refused connection does), one killed with SIGKILL in the middle of
/// a call: the call's next steps are served by the other node from the state in Redis, and its record is in the log once.
/// </summary>
[NonParallelizable]
public sealed class NodeKillTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task A_call_whose_node_is_killed_mid_call_takes_its_next_steps_on_the_other_node_and_is_logged_once(CancellationToken ct)
    {
        using var redis = RedisServer.Start();
        var folder = Directory.CreateTempSubdirectory("ivr-node-kill-").FullName;
        using var log = new ProcessLog(Path.Combine(folder, "gateways.log"));
        // Twilio calls the balancer's address; both nodes check signatures against it.
        var balancer = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var settings = new Dictionary<string, string> { ["Twilio__PublicBaseUrl"] = balancer.GetLeftPart(UriPartial.Authority) };
        var secrets = GatewaySecrets.New();
        using var doomed = await GatewayProcess.StartAsync(GatewayProcess.BuiltDll(), redis.ConnectionString, log, ct, settings, secrets);
        using var survivor = await GatewayProcess.StartAsync(GatewayProcess.BuiltDll(), redis.ConnectionString, log, ct, settings, secrets);
        using var nodes = new FirstNodeThatAnswers([doomed.BaseUrl, survivor.BaseUrl]);
        using var api = new ManagementApi(survivor.BaseUrl, secrets);
        var organizer = await api.NewOrganizerAsync("Nora Node", ct);
        var meeting = await organizer.ScheduleAsync(TimeSpan.FromMinutes(5), new { passcodeMode = "shared", sharedPasscode = "739164" }, [], ct);
        var twilio = new FakeTwilio(nodes, TimeProvider.System, balancer, secrets.AuthToken, GatewayProcess.DialInNumber);
        var killer = new KillAtFirstKeys(doomed);
        // A call straight to the survivor first, from another number, so its call steps are warm as a serving node's are: on a
        // loaded machine a cold node's first answer (JIT) took over a second of the 2 s the failover is given.
        using (var survivorOnly = new FirstNodeThatAnswers([survivor.BaseUrl]))
        {
            var warm = await new FakeTwilio(survivorOnly, TimeProvider.System, balancer, secrets.AuthToken, GatewayProcess.DialInNumber)
                .DialAsync("+12025558802", [meeting.AccessCode + "#", "739164#"], ct);
            Assert.That(warm.Outcome, Is.EqualTo(CallOutcome.Bridged), "the warm-up call on the survivor: " + warm.Transcript());
        }

        var call = await twilio.DialAsync(twilio.Options("+12025558801"), [meeting.AccessCode + "#", "739164#"], killer, ct);

        using var ops = new HttpClient { BaseAddress = survivor.BaseUrl };
        ops.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secrets.OpsApiKey);
        var byCaller = await ops.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/calls?caller=%2B12025558801", ct);
        var served = nodes.Served.ToList();
        var afterKill = served.SkipWhile(s => s.At < killer.KilledAt).ToList();
        TestContext.Out.WriteLine($"killed at {killer.KilledAt:O}; first step after the kill answered in {afterKill.FirstOrDefault().Took.TotalMilliseconds:0} ms "
            + $"by node {afterKill.FirstOrDefault().Node}; served: {string.Join(", ", served.Select(s => $"{s.Path}@{s.Node}"))}");
        Assert.Multiple(() =>
        {
            Assert.That(call.Outcome, Is.EqualTo(CallOutcome.Bridged), call.Transcript());
            Assert.That(killer.KilledAt, Is.Not.Null, "the first node was killed mid-call");
            Assert.That(served.First().Node, Is.Zero, "the call began on the first node");
            Assert.That(afterKill, Is.Not.Empty);
            Assert.That(afterKill.Select(s => s.Node), Has.All.EqualTo(1), "every later webhook on the second node");
            Assert.That(afterKill.First().Took, Is.LessThan(TimeSpan.FromSeconds(2)), "the next step is answered within seconds");
            Assert.That(byCaller.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("callSid").GetString()), Is.EqualTo(new[] { call.CallSid }),
                "one record for the call");
        });
    }

    /// <summary>Kills the node (SIGKILL: no shutdown, no drain) when the caller types their first keys.</summary>
    private sealed class KillAtFirstKeys(GatewayProcess node) : ICallObserver
    {
        public DateTimeOffset? KilledAt { get; private set; }

        public void OnEvent(CallEvent callEvent)
        {
            if (callEvent is KeysPressed && KilledAt is null)
            {
                node.Kill();
                KilledAt = TimeProvider.System.GetUtcNow();
            }
        }
    }

    /// <summary>A balancer: each request to the first node whose port accepts the connection, in order.</summary>
    private sealed class FirstNodeThatAnswers(Uri[] nodes) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker inner = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(1) });

        public System.Collections.Concurrent.ConcurrentQueue<(DateTimeOffset At, string Path, int Node, TimeSpan Took)> Served { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var at = TimeProvider.System.GetUtcNow();
            var took = Stopwatch.StartNew();
            for (var n = 0; ; n++)
            {
                var forwarded = new HttpRequestMessage(request.Method, new Uri(nodes[n], request.RequestUri!.PathAndQuery));
                foreach (var header in request.Headers)
                {
                    forwarded.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
                if (body is not null)
                {
                    forwarded.Content = new ByteArrayContent(body);
                    foreach (var header in request.Content!.Headers)
                    {
                        forwarded.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    }
                }
                try
                {
                    var response = await inner.SendAsync(forwarded, cancellationToken);
                    Served.Enqueue((at, request.RequestUri.AbsolutePath, n, took.Elapsed));
                    return response;
                }
                catch (HttpRequestException) when (n + 1 < nodes.Length)
                {
                    // Refused: that node is gone; the next one takes the request.
                }
            }
        }

        protected override void Dispose(bool disposing)
        {
            inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
