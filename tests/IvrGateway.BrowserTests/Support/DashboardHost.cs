using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using IvrGateway.Simulator.Calls;

namespace IvrGateway.BrowserTests.Support;

/// <summary>
/// What every test talks to: one private Redis, the built gateway as its own process on it (in
/// Production, with fresh random keys), the management API and the call simulator. Started once
/// for the assembly by <see cref="AssemblySetup"/>, with the end-to-end tests' process fixtures.
/// </summary>
internal static class DashboardHost
{
    private static readonly Lock Gate = new();
    private static RedisServer? redis;
    private static ProcessLog? redisLog;
    private static GatewayProcess? gateway;
    private static ProcessLog? gatewayLog;
    private static HttpClient? simulatorHttp;
    private static ManagementApi? api;
    private static CallSimulator? simulator;

    public static GatewayProcess Gateway => gateway ?? throw NotRunning();

    public static Uri BaseUrl => Gateway.BaseUrl;

    public static string OpsKey => Gateway.Secrets.OpsApiKey;

    public static ManagementApi Api => api ?? throw NotRunning();

    public static CallSimulator Simulator => simulator ?? throw NotRunning();

    public static ProcessLog? GatewayLog => gatewayLog;

    /// <summary>Where a test run keeps what it produced: process logs, screenshots.</summary>
    public static string ArtifactsDirectory { get; } = Path.Combine(TestContext.CurrentContext.WorkDirectory, "BrowserTestArtifacts",
        "run-" + TimeProvider.System.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    /// <summary>A management API answer as text, such as an export, with <paramref name="apiKey"/> as the Bearer key.</summary>
    public static async Task<string> ApiTextAsync(string path, string apiKey, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(15) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.That(response.IsSuccessStatusCode, Is.True, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return text;
    }

    public static async Task StartAsync()
    {
        var started = Stopwatch.StartNew();
        // Processes a test run could not stop (a crashed test host) are still killed when it exits.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        try
        {
            var dll = GatewayProcess.BuiltDll(); // before anything starts, so a missing build fails alone
            redisLog = new ProcessLog(Path.Combine(ArtifactsDirectory, "redis.log"));
            redis = RedisServer.Start(redisLog);
            gatewayLog = new ProcessLog(Path.Combine(ArtifactsDirectory, "gateway.log"));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            gateway = await GatewayProcess.StartAsync(dll, redis.ConnectionString, gatewayLog, timeout.Token);
            api = new ManagementApi(gateway.BaseUrl, gateway.Secrets);
            simulatorHttp = new HttpClient(CallSimulator.CreateHandler());
            simulator = new CallSimulator(simulatorHttp, TimeProvider.System);
            TestContext.Progress.WriteLine(
                $"Browser tests: gateway {gateway.BaseUrl} on redis {redis.ConnectionString}, ready in {started.Elapsed.TotalSeconds:0.0} s; artifacts in {ArtifactsDirectory}");
        }
        catch (Exception e)
        {
            // Whatever started before the failure must not outlive the run.
            var log = redis is null ? redisLog : gatewayLog;
            Stop();
            throw new InvalidOperationException($"The gateway for the browser tests did not start: {e.Message}{Environment.NewLine}{log?.Tail()}", e);
        }
    }

    public static void Stop()
    {
        lock (Gate)
        {
            api?.Dispose();
            api = null;
            simulatorHttp?.Dispose();
            simulatorHttp = null;
            simulator = null;
            gateway?.Dispose();
            gateway = null;
            redis?.Dispose();
            redis = null;
            gatewayLog?.Dispose();
            redisLog?.Dispose();
        }
    }

    private static InvalidOperationException NotRunning() =>
        new("The gateway for the browser tests is not running: the assembly set-up (AssemblySetup) did not start it.");
}
