using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using IvrGateway.Testing.Redis;
using System.Net.Sockets;
using System.Text;

namespace IvrGateway.EndToEndTests.Ops;

/// <summary>
/// SIGTERM on a real gateway process: readiness turns 503 while the node drains, a request in flight
/// still gets its answer, and the process exits by itself within seconds. Its own Redis and gateway,
/// so the shared end-to-end gateway keeps running.
/// </summary>
[NonParallelizable]
public sealed class GracefulShutdownTests
{
    [Test]
    public async Task On_SIGTERM_readiness_says_503_a_slow_request_in_flight_completes_and_the_process_exits()
    {
        using var redis = RedisServer.Start();
        var folder = Directory.CreateTempSubdirectory("ivr-shutdown-").FullName;
        using var log = new ProcessLog(Path.Combine(folder, "gateway.log"));
        using var gateway = await GatewayProcess.StartAsync(GatewayProcess.BuiltDll(), redis.ConnectionString, log, CancellationToken.None,
            new Dictionary<string, string>
            {
                ["Health__DrainSeconds"] = "3",
                // Long enough per attempt that a Redis paused for 1.5 s answers instead of timing out.
                ["Redis__AttemptTimeoutMilliseconds"] = "4000",
                ["Redis__TotalTimeoutMilliseconds"] = "5000",
            });
        using var http = new HttpClient { BaseAddress = gateway.BaseUrl, Timeout = TimeSpan.FromSeconds(20) };
        using var ops = new HttpClient { BaseAddress = gateway.BaseUrl, Timeout = TimeSpan.FromSeconds(20) };
        ops.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", gateway.Secrets.OpsApiKey);
        Assert.That(await http.GetStringAsync("/health/ready"), Is.EqualTo("Healthy"));

        var pause = PauseAsync(redis.Port, "1.5");
        await Task.Delay(100);
        var inFlight = ops.GetAsync("/api/v1/calls");
        await Task.Delay(200);
        var stopping = Stopwatch.StartNew();
        gateway.Terminate();

        // The signal reaches the host when the machine gets to it: readiness is read until it turns, within the drain (3 s),
        // not once after a fixed 300 ms, which a busy machine could outlast.
        var readiness = await http.GetAsync("/health/ready");
        while (readiness.StatusCode == HttpStatusCode.OK && stopping.Elapsed < TimeSpan.FromSeconds(2.5))
        {
            readiness.Dispose();
            await Task.Delay(100);
            readiness = await http.GetAsync("/health/ready");
        }
        using var answered = await inFlight;
        await pause;
        var exit = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Multiple(() =>
        {
            Assert.That(readiness.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "the balancer takes the node out while it drains");
            Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the request in flight when SIGTERM came still got its answer");
            Assert.That(exit, Is.EqualTo(0), "the process exits by itself, cleanly");
            Assert.That(stopping.Elapsed, Is.LessThan(TimeSpan.FromSeconds(12)));
        });
    }

    /// <summary>Redis stops answering for a while, as under a slow disk (an inline command; the reply comes when it wakes).</summary>
    private static async Task PauseAsync(int port, string seconds)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"DEBUG SLEEP {seconds}\r\n"));
        var reply = new byte[64];
        var read = await stream.ReadAsync(reply);
        // A refused DEBUG answers at once, and the test would no longer have a request in flight.
        Assert.That(Encoding.ASCII.GetString(reply, 0, read), Does.StartWith("+OK"), "Redis paused");
    }
}
