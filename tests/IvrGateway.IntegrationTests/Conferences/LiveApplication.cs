using IvrGateway.Conferences;
using IvrGateway.Organizers;
using IvrGateway.Scheduling;
using IvrGateway.Simulator.Calls;
using IvrGateway.Simulator.Rest;
using IvrGateway.Testing.Twilio;

namespace IvrGateway.IntegrationTests.Conferences;

/// <summary>
/// The gateway in-process with Twilio's REST API served by the simulator's fake on a loopback port. One simulator plays
/// the calls the fake places (Call me) and the calls a test dials, so they meet in the same conferences.
/// </summary>
public sealed class LiveApplication : IDisposable
{
    public const string ApiKeySid = "SK0123456789abcdef0123456789abcdef";
    public const string ApiKeySecret = "test-rest-api-key-secret";

    private readonly int port = FreePort.Next();
    private FakeTwilioServer? server;

    public LiveApplication(IReadOnlyList<string>? calledPersonPresses = null, Dictionary<string, string?>? settings = null)
    {
        Presses = calledPersonPresses ?? ["1"];
        var all = new Dictionary<string, string?>
        {
            ["Twilio:ApiBaseUrl"] = $"http://127.0.0.1:{port}",
            ["Twilio:AccountSid"] = FakeTwilioOptions.DevelopmentAccountSid,
            ["Twilio:ApiKeySid"] = ApiKeySid,
            ["Twilio:ApiKeySecret"] = ApiKeySecret,
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }
        App = new IvrApplication(all);
    }

    public IvrApplication App { get; }

    private IReadOnlyList<string> Presses { get; }

    /// <summary>Plays calls on the real clock: the conference and the prompts take real (fast) time, while the gateway's clock is the test's.</summary>
    public CallSimulator Simulator { get; private set; } = null!;

    public FakeTwilioServer Rest => server ?? throw new InvalidOperationException("Call StartAsync first.");

    /// <summary>Phone callers into this gateway, played by the same simulator as the fake's placed calls.</summary>
    public FakeTwilio Phones => new(Simulator, new Uri("http://localhost"), IvrApplication.AuthToken, IvrApplication.DialInNumber);

    public async Task StartAsync()
    {
        Simulator = new CallSimulator(App.Server.CreateHandler(), TimeProvider.System);
        server = await FakeTwilioServer.StartAsync(Simulator, new FakeTwilioOptions
        {
            AuthToken = IvrApplication.AuthToken,
            ApiKeySid = ApiKeySid,
            ApiKeySecret = ApiKeySecret,
            Digits = Presses,
            RequestTimeout = TimeSpan.FromSeconds(30),
            ObserverFor = _ => Heard,
        }, port);
        Probe = new RestApiProbe(server.BaseUrl, FakeTwilioOptions.DevelopmentAccountSid, ApiKeySid, ApiKeySecret);
    }

    /// <summary>The fake's own view of conferences and participants.</summary>
    public RestApiProbe Probe { get; private set; } = null!;

    /// <summary>What the people called through the fake heard, in order.</summary>
    public HeardLog Heard { get; } = new();

    public async Task<Organizer> OrganizerAsync(string id) => (await App.Service<OrganizerStore>().GetAsync(id))!;

    public async Task<Meeting> MeetingAsync(string id) => (await App.Service<MeetingStore>().GetAsync(id))!.Meeting;

    /// <summary>Waits until the roster satisfies <paramref name="condition"/> (the conference callbacks arrive after the REST answer).</summary>
    public async Task<LiveRoster> RosterWhenAsync(string meetingId, Func<LiveRoster, bool> condition, string waitingFor)
    {
        var rosters = App.Service<LiveRosters>();
        LiveRoster roster = null!;
        for (var waited = 0; waited < 200; waited++)
        {
            roster = await rosters.ReadAsync(await MeetingAsync(meetingId), "America/New_York");
            if (condition(roster))
            {
                return roster;
            }
            await Task.Delay(50);
        }
        Assert.Fail($"Timed out waiting for {waitingFor}; the roster has: {string.Join(", ", roster.Participants.Select(p => p.Label))}");
        return roster;
    }

    /// <summary>A phone caller who types <paramref name="entries"/> and stays in the conference until removed or the meeting ends.</summary>
    public LiveCall Dial(string from, params string[] entries) =>
        Simulator.Start(Phones.Options(from) with { StayInConference = Timeout.InfiniteTimeSpan }, new ScriptedKeypad(entries));

    public void Dispose()
    {
        server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Probe?.Dispose();
        App.Dispose();
    }
}

/// <summary>Collects what placed calls hear while they are still going.</summary>
public sealed class HeardLog : ICallObserver
{
    private readonly Lock gate = new();
    private readonly List<string> said = [];

    public IReadOnlyList<string> Said
    {
        get
        {
            lock (gate)
            {
                return [.. said];
            }
        }
    }

    public void OnEvent(CallEvent callEvent)
    {
        if (callEvent is Said text)
        {
            lock (gate)
            {
                said.Add(text.Text);
            }
        }
    }
}
