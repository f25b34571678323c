using System.Diagnostics;
using System.Text.Json;
using IvrGateway.Simulator.Calls;
using IvrGateway.Simulator.Rest;
using IvrGateway.Testing.Redis;

namespace IvrGateway.BrowserTests.Newcomer;

/// <summary>
/// What <c>scripts/run.sh</c> starts, on private ports: a Redis, the built gateway in Development with the demo seed (its state
/// file and mail outbox in a temporary folder), and the simulator's fake Twilio with the same account, API key and TwiML App,
/// playing the browser leg for the join page's simulated Voice SDK.
/// </summary>
internal sealed class DemoEnvironment : IAsyncDisposable
{
    // scripts/run.sh's values for the fake Twilio.
    public const string AccountSid = "AC00000000000000000000000000000000";
    public const string ApiKeySid = "SK00000000000000000000000000000000";
    public const string ApiKeySecret = "dev-api-key-secret-not-a-real-secret";
    public const string TwimlAppSid = "AP00000000000000000000000000000000";

    // A Development gateway on a busy two-core machine can take long to be ready.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private RedisServer? redis;
    private ProcessLog? redisLog;
    private GatewayProcess? gateway;
    private SocketsHttpHandler? handler;
    private FakeTwilioServer? twilio;

    private DemoEnvironment(string folder) => Folder = folder;

    /// <summary>Holds the demo's state file, the meeting summary and the outbox.</summary>
    public string Folder { get; }

    public Uri BaseUrl => Gateway.BaseUrl;

    public GatewayProcess Gateway => gateway ?? throw new ObjectDisposedException(nameof(DemoEnvironment));

    public ProcessLog? GatewayLog { get; private set; }

    public FakeTwilioServer Twilio => twilio ?? throw new ObjectDisposedException(nameof(DemoEnvironment));

    public static async Task<DemoEnvironment> StartAsync(string logDirectory)
    {
        var started = Stopwatch.StartNew();
        var environment = new DemoEnvironment(Directory.CreateTempSubdirectory("ivr-demo-").FullName);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => environment.DisposeAsync().AsTask().GetAwaiter().GetResult();
        try
        {
            var dll = GatewayProcess.BuiltDll();
            Directory.CreateDirectory(logDirectory);
            environment.redisLog = new ProcessLog(Path.Combine(logDirectory, "demo-redis.log"));
            environment.redis = RedisServer.Start(log: environment.redisLog);
            environment.GatewayLog = new ProcessLog(Path.Combine(logDirectory, "demo-gateway.log"));
            using var timeout = new CancellationTokenSource(StartTimeout + TimeSpan.FromMinutes(1));
            var secrets = GatewaySecrets.New();
            // The gateway needs the fake's address and the fake needs the gateway's (the TwiML App's voice URL): the fake's
            // port is chosen first, and it listens there once the gateway's port is known. The gateway calls it only later.
            var twilioUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
            var settings = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Demo__Seed"] = "true",
                ["Demo__StateFile"] = Path.Combine(environment.Folder, "demo.json"),
                ["Mail__OutboxDirectory"] = Path.Combine(environment.Folder, "outbox"),
                ["Twilio__ApiBaseUrl"] = twilioUrl.GetLeftPart(UriPartial.Authority),
                ["Twilio__AccountSid"] = AccountSid,
                ["Twilio__ApiKeySid"] = ApiKeySid,
                ["Twilio__ApiKeySecret"] = ApiKeySecret,
                ["Twilio__TwimlAppSid"] = TwimlAppSid,
                ["Twilio__VoiceSdkSimulatorUrl"] = twilioUrl.GetLeftPart(UriPartial.Authority),
            };
            environment.gateway = await GatewayProcess.StartAsync(dll, environment.redis.ConnectionString, environment.GatewayLog, timeout.Token, settings,
                secrets, StartTimeout);
            environment.handler = CallSimulator.CreateHandler();
            environment.twilio = await FakeTwilioServer.StartAsync(new CallSimulator(environment.handler, TimeProvider.System), new FakeTwilioOptions
            {
                AuthToken = secrets.AuthToken,
                ApiKeySid = ApiKeySid,
                ApiKeySecret = ApiKeySecret,
                TwimlAppSid = TwimlAppSid,
                VoiceUrl = new Uri(environment.gateway.BaseUrl, "/voice/client"),
            }, twilioUrl.Port, log: line => environment.GatewayLog.Write("twilio", line), cancellationToken: timeout.Token);
            TestContext.Progress.WriteLine(
                $"Demo: gateway {environment.gateway.BaseUrl} (Development, demo seed), fake Twilio {twilioUrl}, ready in {started.Elapsed.TotalSeconds:0.0} s");
            return environment;
        }
        catch (Exception e)
        {
            var tail = environment.GatewayLog?.Tail();
            await environment.DisposeAsync();
            throw new InvalidOperationException($"The demo environment did not start: {e.Message}{Environment.NewLine}{tail}", e);
        }
    }

    /// <summary>The demo account the seeder keeps in its state file (the banner's secrets).</summary>
    public Task<DemoAccount> AccountAsync(CancellationToken ct) => ReadWhenWrittenAsync<DemoAccount>("demo.json", ct);

    /// <summary>The seeded meeting, as the seeder summarises it once it is scheduled.</summary>
    public Task<DemoMeeting> MeetingAsync(CancellationToken ct) => ReadWhenWrittenAsync<DemoMeeting>("demo-meeting.json", ct);

    /// <summary>
    /// A file the seeder writes in the background, once it is there and whole: the seeder writes it in place, so a reader can
    /// find it created but still empty or cut short (a moment that a busy machine can stretch).
    /// </summary>
    private async Task<T> ReadWhenWrittenAsync<T>(string name, CancellationToken ct)
        where T : class
    {
        var path = Path.Combine(Folder, name);
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var last = "it was never written";
        for (var i = 0; i < 240; i++)
        {
            if (File.Exists(path))
            {
                var text = await File.ReadAllTextAsync(path, ct);
                try
                {
                    if (JsonSerializer.Deserialize<T>(text, json) is { } value)
                    {
                        return value;
                    }
                    last = "it held null";
                }
                catch (JsonException e)
                {
                    last = $"it was not whole JSON yet ({e.Message})";
                }
            }
            await Task.Delay(250, ct);
        }
        throw new AssertionException($"The demo seeder's {path} could not be read within a minute: {last}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (twilio is not null)
        {
            await twilio.DisposeAsync();
            twilio = null;
        }
        handler?.Dispose();
        handler = null;
        gateway?.Dispose();
        gateway = null;
        redis?.Dispose();
        redis = null;
        GatewayLog?.Dispose();
        redisLog?.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

internal sealed record DemoAccount(string OrganizerId, string ApiKey, string Email, string Password);

internal sealed record DemoMeeting(string Id, string AccessCode, string SharedPasscode, Dictionary<string, string> JoinUrls);
