using System.Diagnostics;
using IvrGateway.Simulator.Calls;
using IvrGateway.Testing.Redis;
using IvrGateway.Testing.Twilio;

namespace IvrGateway.Testing.Gateway;

/// <summary>
/// One private Redis, the built gateway as its own process on it (Staging, fresh random keys),
/// the management API and the call simulator: what the end-to-end and the browser tests run
/// against.
/// </summary>
public sealed class GatewayEnvironment : IDisposable
{
    private readonly Lock gate = new();
    private RedisServer? redis;
    private ProcessLog? redisLog;
    private GatewayProcess? gateway;
    private SocketsHttpHandler? simulatorHandler;
    private ManagementApi? api;
    private FakeTwilio? twilio;

    private GatewayEnvironment()
    {
    }

    public GatewayProcess Gateway => gateway ?? throw new ObjectDisposedException(nameof(GatewayEnvironment));

    public ManagementApi Api => api ?? throw new ObjectDisposedException(nameof(GatewayEnvironment));

    public CallSimulator Simulator => Twilio.Simulator;

    /// <summary>Twilio, played by the simulator, calling the gateway's dial-in number.</summary>
    public FakeTwilio Twilio => twilio ?? throw new ObjectDisposedException(nameof(GatewayEnvironment));

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
            environment.redis = RedisServer.Start(log: environment.redisLog);
            environment.GatewayLog = new ProcessLog(Path.Combine(logDirectory, "gateway.log"));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            environment.gateway = await GatewayProcess.StartAsync(dll, environment.redis.ConnectionString, environment.GatewayLog, timeout.Token);
            environment.api = new ManagementApi(environment.gateway.BaseUrl, environment.gateway.Secrets);
            environment.simulatorHandler = CallSimulator.CreateHandler();
            environment.twilio = new FakeTwilio(
                environment.simulatorHandler, TimeProvider.System, environment.gateway.BaseUrl, environment.gateway.Secrets.AuthToken, GatewayProcess.DialInNumber);
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
            twilio = null;
            simulatorHandler?.Dispose();
            simulatorHandler = null;
            gateway?.Dispose();
            gateway = null;
            redis?.Dispose();
            redis = null;
            GatewayLog?.Dispose();
            redisLog?.Dispose();
        }
    }
}
