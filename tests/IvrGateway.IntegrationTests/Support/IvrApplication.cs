using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using IvrGateway.Codes;
using IvrGateway.Testing.Twilio;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace IvrGateway.IntegrationTests.Support;

/// <summary>
/// The gateway in-process on the test Redis, under its own key prefix so fixtures run in
/// parallel, with a clock the test controls.
/// </summary>
public sealed class IvrApplication : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789";
    public const string OpsKey = "test-ops-key-0123456789abc";
    public const string AuthToken = "test-twilio-auth-token";
    public const string DialInNumber = "+15557650000";
    public const string CodeSecret = "dGVzdC1jb2RlLXNlY3JldC10aGF0LWlzLWF0LWxlYXN0LTMyLWJ5dGVz";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly Dictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? configureServices;

    /// <summary>The gateway with the test settings, on the test Redis, its clock starting at the real now.</summary>
    public IvrApplication()
        : this(overrides: null)
    {
    }

    /// <param name="overrides">Settings on top of the test settings.</param>
    /// <param name="services">Replaces services after the application registered its own.</param>
    /// <param name="redis">Another Redis than the test Redis, such as one a test stops.</param>
    /// <param name="keyPrefix">A prefix shared with another application: two gateway nodes on one Redis.</param>
    /// <param name="startsAt">
    /// A fixed instant for the clock to start at, for tests whose outcome depends on the hour or the day. It must be
    /// later than the real now: Redis expires what the gateway stores at instants computed on this clock.
    /// </param>
    public IvrApplication(
        Dictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null, string? redis = null, string? keyPrefix = null,
        DateTimeOffset? startsAt = null)
    {
        KeyPrefix = keyPrefix ?? "t" + Guid.NewGuid().ToString("N")[..12];
        settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis ?? TestRedis.Server.ConnectionString,
            ["Redis:KeyPrefix"] = KeyPrefix,
            ["Twilio:AuthToken"] = AuthToken,
            ["Gateway:AdminApiKey"] = AdminKey,
            ["Gateway:OpsApiKey"] = OpsKey,
            ["Gateway:CodeSecret"] = CodeSecret,
            ["Gateway:PublicBaseUrl"] = "https://meet.example.com",
            ["Gateway:DialInNumbers:0:number"] = DialInNumber,
            ["Gateway:DialInNumbers:0:country"] = "US",
            ["Gateway:DialInNumbers:1:number"] = "+4930901820",
            ["Gateway:DialInNumbers:1:country"] = "DE",
            // Scheduling mails; without an SMTP host the .eml files go to a folder of this application's own.
            ["Mail:OutboxDirectory"] = Path.Combine(Path.GetTempPath(), "ivr-test-outbox", KeyPrefix),
            // One outage journal per application, even for two nodes on one prefix; a restart test passes the same file again.
            ["Voice:OutageJournalFile"] = Path.Combine(Path.GetTempPath(), "ivr-test-journal", $"{KeyPrefix}-{Guid.NewGuid():N}.ndjson"),
        };
        if (redis is null)
        {
            // The shared test Redis is never broken on purpose, but fixtures run side by side on as few as two cores, where a
            // read can wait past the production 400 ms per attempt and 2 s in all and a test then meets a 503 about nothing it
            // tests. Tests of Redis failures bring their own server (the redis argument) and keep the production budget.
            settings["Redis:AttemptTimeoutMilliseconds"] = "3000";
            settings["Redis:TotalTimeoutMilliseconds"] = "8000";
        }
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }
        configureServices = services;
        Time = new FakeTimeProvider(startsAt ?? TimeProvider.System.GetUtcNow());
    }

    public string KeyPrefix { get; }

    /// <summary>Starts at the real time (Redis expiry uses its own clock), or at a fixed instant, and moves only when a test says so.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>All the gateway logged, at every level.</summary>
    public CapturedLogs Logs { get; } = new();

    public string Environment { get; init; } = "Testing";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            configureServices?.Invoke(services);
        });
    }

    public HttpClient Client(string? apiKey = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        return client;
    }

    public HttpClient Admin() => Client(AdminKey);

    public HttpClient Ops() => Client(OpsKey);

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>
    /// Twilio played by the call simulator against this gateway in memory (the test server's handler), on the test
    /// clock: the same fake Twilio the end-to-end tests play against a gateway process.
    /// </summary>
    public FakeTwilio Twilio() => new(Server.CreateHandler(), Time, new Uri("http://localhost"), AuthToken, DialInNumber);

    private static int accounts;

    /// <summary>An organizer account and a client that speaks as it.</summary>
    public async Task<TestOrganizer> NewOrganizerAsync(string name = "Olivia Organizer", string timeZone = "America/New_York", string? email = null)
    {
        // An address signs in to one account only: each new account gets its own unless the test names one.
        email ??= new string(name.ToLowerInvariant().Where(char.IsAsciiLetter).ToArray()) + "." + Interlocked.Increment(ref accounts) + "@example.com";
        var response = await Admin().PostAsJsonAsync("/api/v1/organizers", new { name, email, timeZone });
        response.EnsureSuccessStatusCode();
        var created = (await response.Content.ReadFromJsonAsync<CreatedOrganizerDto>(Json))!;
        return new TestOrganizer(created, Client(created.ApiKey), this);
    }
}

public sealed record CreatedOrganizerDto(string Id, string Name, string Email, string TimeZone, string ApiKey, string HostPin, string PersonalAccessCode, string PersonalRoomPasscode,
    string SetPasswordUrl);

public sealed record ContactDto(string Id, string Name, string Email, string? Phone);

public sealed record InvitationDto(string ContactId, string Name, string Email, string JoinUrl, string CalendarUrl, string? Passcode, string? DialString, List<DialStringDto> DialStrings);

public sealed record DialStringDto(string Number, string Country, string Value);

public sealed record ConferenceDto(
    string Id, string Title, string Status, DateTimeOffset Start, DateTimeOffset End, int DurationMinutes, string TimeZone, bool WaitForHost,
    string AccessCode, string AccessCodeKind, DateTimeOffset ActiveFrom, DateTimeOffset ActiveUntil, string PasscodeMode, string? SharedPasscode,
    List<InvitationDto> Invitations);

/// <summary>An organizer as a test sees it: its secrets and an authenticated client.</summary>
public sealed record TestOrganizer(CreatedOrganizerDto Account, HttpClient Http, IvrApplication App)
{
    public async Task<ContactDto> AddContactAsync(string name, string? phone = null)
    {
        var local = new string(name.ToLowerInvariant().Where(char.IsAsciiLetter).ToArray());
        var response = await Http.PostAsJsonAsync("/api/v1/me/contacts", new { name, email = local + "@example.com", phone });
        // An address book holds one contact per address: a second contact of the same name gets a numbered one.
        for (var n = 2; response.StatusCode == System.Net.HttpStatusCode.Conflict && n < 100; n++)
        {
            response.Dispose();
            response = await Http.PostAsJsonAsync("/api/v1/me/contacts", new { name, email = $"{local}{n}@example.com", phone });
        }
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ContactDto>(IvrApplication.Json))!;
    }

    public async Task<HttpResponseMessage> ScheduleAsync(object body) => await Http.PostAsJsonAsync("/api/v1/conferences", body);

    public async Task<ConferenceDto> ScheduleOkAsync(object body)
    {
        var response = await ScheduleAsync(body);
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"Scheduling failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<ConferenceDto>(IvrApplication.Json))!;
    }

    /// <summary>A meeting starting <paramref name="fromNow"/> after the test clock's now.</summary>
    public Task<ConferenceDto> ScheduleInAsync(TimeSpan fromNow, object? security = null, string[]? invitees = null, int durationMinutes = 30) =>
        ScheduleOkAsync(new
        {
            title = "Weekly sync",
            start = App.Time.GetUtcNow().Add(fromNow).ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
            durationMinutes,
            timeZone = "America/New_York",
            invitees = invitees ?? [],
            security,
        });
}

public static class CodeLookupExtensions
{
    public static Task<CodeMatch> LookupAsync(this IvrApplication app, string code) =>
        app.Service<CodeLookup>().FindAsync(code, app.Time.GetUtcNow());
}
