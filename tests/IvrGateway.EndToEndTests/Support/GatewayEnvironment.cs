using System.Diagnostics;
using IvrGateway.Simulator.Calls;

namespace IvrGateway.EndToEndTests.Support;

/// <summary>
/// One private Redis, the built gateway as its own process on it (Production, fresh random keys),
/// the management API and the call simulator: what the end-to-end and the browser tests run
/// against (the browser tests link this file).
/// </summary>
internal sealed class GatewayEnvironment : IDisposable
{
    private readonly Lock gate = new();
    private RedisServer? redis;
    private ProcessLog? redisLog;
    private GatewayProcess? gateway;
    private HttpClient? simulatorHttp;
    private ManagementApi? api;
    private CallSimulator? simulator;

    private GatewayEnvironment()
    {
    }

    public GatewayProcess Gateway => gateway ?? throw new ObjectDisposedException(nameof(GatewayEnvironment));

    public ManagementApi Api => api ?? throw new ObjectDisposedException(nameof(GatewayEnvironment));

    public CallSimulator Simulator => simulator ?? throw new ObjectDisposedException(nameof(GatewayEnvironment));

    public ProcessLog? GatewayLog { get; private set; }

    /// <param name="logDirectory">Where the gateway's and Redis's output go.</param>
    /// <param name="purpose">Named in the progress line and in a start-up failure.</param>
    public static async Task<GatewayEnvironment> StartAsync(string logDirectory, string purpose)
    {
        var started = Stopwatch.StartNew();
        var environment = new GatewayEnvironment();
        // Processes a test run could not stop (a crashed test host) are still killed when it exits.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => environment.Dispose();
        try
        {
            var dll = GatewayProcess.BuiltDll(); // before anything starts, so a missing build fails alone
            environment.redisLog = new ProcessLog(Path.Combine(logDirectory, "redis.log"));
            environment.redis = RedisServer.Start(environment.redisLog);
            environment.GatewayLog = new ProcessLog(Path.Combine(logDirectory, "gateway.log"));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            environment.gateway = await GatewayProcess.StartAsync(dll, environment.redis.ConnectionString, environment.GatewayLog, timeout.Token);
            environment.api = new ManagementApi(environment.gateway.BaseUrl, environment.gateway.Secrets);
            environment.simulatorHttp = new HttpClient(CallSimulator.CreateHandler());
            environment.simulator = new CallSimulator(environment.simulatorHttp, TimeProvider.System);
            TestContext.Progress.WriteLine(
                $"{purpose}: gateway {environment.gateway.BaseUrl} on redis {environment.redis.ConnectionString}, ready in {started.Elapsed.TotalSeconds:0.0} s; output in {logDirectory}");
            return environment;
        }
        catch (Exception e)
        {
            // Whatever started before the failure must not outlive the run.
            var log = environment.redis is null ? environment.redisLog : environment.GatewayLog;
            var tail = log?.Tail();
            environment.Dispose();
            throw new InvalidOperationException($"The {purpose} did not start: {e.Message}{Environment.NewLine}{tail}", e);
        }
    }

    public void Dispose()
    {
        lock (gate)
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
            GatewayLog?.Dispose();
            redisLog?.Dispose();
        }
    }
}
