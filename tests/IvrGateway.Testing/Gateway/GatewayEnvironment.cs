using System.Diagnostics;
using IvrGateway.Simulator.Calls;
using IvrGateway.Simulator.Rest;
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
    private FakeTwilioServer? restApi;

    /// <summary>The API key the gateway signs in to the fake REST API with.</summary>
    public const string RestApiKeySid = "SK0123456789abcdef0123456789abcdef";

    private GatewayEnvironment()
    {
    }

    public GatewayProcess Gateway => gateway ?? throw new ObjectDisposedException(nameof(GatewayEnvironment));

    public ManagementApi Api => api ?? throw new ObjectDisposedException(nameof(GatewayEnvironment));

    public CallSimulator Simulator => Twilio.Simulator;

    /// <summary>Twilio, played by the simulator, calling the gateway's dial-in number.</summary>
    public FakeTwilio Twilio => twilio ?? throw new ObjectDisposedException(nameof(GatewayEnvironment));

    public ProcessLog? GatewayLog { get; private set; }

    /// <summary>Twilio's REST API, served in-process by the same simulator: the calls it places share conferences with dialed ones.</summary>
    public FakeTwilioServer RestApi => restApi ?? throw new ObjectDisposedException(nameof(GatewayEnvironment));

    private string restSecret = "";

    /// <summary>Reads the fake REST API's conferences and participants, signed in as the gateway is.</summary>
    public RestApiProbe RestProbe() => new(RestApi.BaseUrl, FakeTwilioOptions.DevelopmentAccountSid, RestApiKeySid, restSecret);

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
            // One simulator plays dialed calls and the calls the REST API places, so both meet in its conferences.
            var secrets = GatewaySecrets.New();
            environment.simulatorHandler = CallSimulator.CreateHandler();
            var simulator = new CallSimulator(environment.simulatorHandler, TimeProvider.System);
            var restSecret = environment.restSecret = "rest-" + secrets.AdminApiKey;
            environment.restApi = await FakeTwilioServer.StartAsync(simulator,
                new FakeTwilioOptions { AuthToken = secrets.AuthToken, ApiKeySid = RestApiKeySid, ApiKeySecret = restSecret }, cancellationToken: timeout.Token);
            var rest = new Dictionary<string, string>
            {
                ["Twilio__ApiBaseUrl"] = environment.restApi.BaseUrl.GetLeftPart(UriPartial.Authority),
                ["Twilio__AccountSid"] = FakeTwilioOptions.DevelopmentAccountSid,
                ["Twilio__ApiKeySid"] = RestApiKeySid,
                ["Twilio__ApiKeySecret"] = restSecret,
            };
            environment.gateway = await GatewayProcess.StartAsync(dll, environment.redis.ConnectionString, environment.GatewayLog, timeout.Token, rest, secrets);
            environment.api = new ManagementApi(environment.gateway.BaseUrl, environment.gateway.Secrets);
            environment.twilio = new FakeTwilio(simulator, environment.gateway.BaseUrl, secrets.AuthToken, GatewayProcess.DialInNumber);
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
            // Placed calls hang up before the gateway they talk to goes.
            restApi?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            restApi = null;
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
