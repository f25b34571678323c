using System.Diagnostics;
using System.Globalization;
using IvrGateway.Simulator.Calls;

namespace IvrGateway.EndToEndTests.Support;

/// <summary>
/// What every test talks to: one private Redis, one gateway process on it, the management API and
/// the call simulator. Started once for the assembly by <see cref="AssemblySetup"/>.
/// </summary>
internal static class EndToEnd
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

    public static ManagementApi Api => api ?? throw NotRunning();

    public static CallSimulator Simulator => simulator ?? throw NotRunning();

    public static ProcessLog? GatewayLog => gatewayLog;

    public static async Task StartAsync()
    {
        var started = Stopwatch.StartNew();
        // Processes a test run could not stop (a crashed test host) are still killed when it exits.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        var logs = Path.Combine(TestContext.CurrentContext.WorkDirectory, "EndToEndLogs",
            "run-" + TimeProvider.System.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            var dll = GatewayProcess.BuiltDll(); // before anything starts, so a missing build fails alone
            redisLog = new ProcessLog(Path.Combine(logs, "redis.log"));
            redis = RedisServer.Start(redisLog);
            gatewayLog = new ProcessLog(Path.Combine(logs, "gateway.log"));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            gateway = await GatewayProcess.StartAsync(dll, redis.ConnectionString, gatewayLog, timeout.Token);
            api = new ManagementApi(gateway.BaseUrl, gateway.Secrets);
            simulatorHttp = new HttpClient(CallSimulator.CreateHandler());
            simulator = new CallSimulator(simulatorHttp, TimeProvider.System);
            TestContext.Progress.WriteLine(
                $"End-to-end: gateway {gateway.BaseUrl} on redis {redis.ConnectionString}, ready in {started.Elapsed.TotalSeconds:0.0} s; logs in {logs}");
        }
        catch (Exception e)
        {
            // Whatever started before the failure must not outlive the run.
            var log = redis is null ? redisLog : gatewayLog;
            Stop();
            throw new InvalidOperationException($"The end-to-end environment did not start: {e.Message}{Environment.NewLine}{log?.Tail()}", e);
        }
    }

    public static void Stop()
    {
        lock (Gate)
        {
            StopLocked();
        }
    }

    private static void StopLocked()
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

    private static InvalidOperationException NotRunning() =>
        new("The end-to-end environment is not running: the assembly set-up (AssemblySetup) did not start it.");
}
