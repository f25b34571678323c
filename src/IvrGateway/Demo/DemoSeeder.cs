using System.Globalization;
using System.Text.Json;
using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Organizers;
using IvrGateway.Organizers.Passwords;
using IvrGateway.Scheduling;
using Microsoft.Extensions.Options;

namespace IvrGateway.Demo;

/// <summary><c>Demo:Seed</c> and where the demo account's secrets are kept between runs.</summary>
internal sealed class DemoOptions
{
    public const string SectionName = "Demo";

    public bool Seed { get; set; }

    public string StateFile { get; set; } = ".data/demo.json";
}

internal static class DemoRegistration
{
    /// <summary>Only when asked (the run command does), and never in Production.</summary>
    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName)
            .Validate(o => !o.Seed || !builder.Environment.IsProduction(), "Demo:Seed must not be set in Production: it prints secrets.")
            .ValidateOnStart();
        if (builder.Configuration.GetValue<bool>("Demo:Seed"))
        {
            builder.Services.AddHostedService<DemoSeeder>();
        }
        return builder;
    }
}

/// <summary>
/// The demo account between runs. <see cref="Format"/> follows the stored formats: a state written by
/// an older gateway (0 when absent) names an account whose Redis data this one cannot read, so a new one is made.
/// </summary>
internal sealed record DemoState(string OrganizerId, string ApiKey, string HostPin, string PersonalAccessCode, Dictionary<string, string> Contacts,
    int Format = 0, string? Email = null, string? Password = null)
{
    public const int CurrentFormat = 3;
}

/// <summary>
/// Gives a newcomer something to dial at once: a demo organizer with contacts (kept between runs)
/// and a fresh meeting whose code is already open. Prints the details to the console, not to the
/// log, because they are secrets.
/// </summary>
internal sealed class DemoSeeder(
    IHostApplicationLifetime lifetime,
    IOptions<DemoOptions> options,
    IOptions<SchedulingOptions> scheduling,
    OrganizerAccounts accounts,
    OrganizerPasswords passwords,
    OrganizerStore organizers,
    MeetingScheduler scheduler,
    MeetingViews views,
    SecretProtector protector,
    TimeProvider time,
    IHostEnvironment environment,
    IConfiguration configuration,
    ILogger<DemoSeeder> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly (string Name, string Email, string Phone)[] People =
    [
        ("Alice Archer", "alice@example.com", "+12025550101"),
        ("Bob Baker", "bob@example.com", "+12025550102"),
        ("Carol Chen", "carol@example.com", "+12025550103"),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        try
        {
            await SeedAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Seeding the demo data failed");
        }
    }

    private async Task SeedAsync(CancellationToken ct)
    {
        var state = await LoadOrCreateAccountAsync(ct);
        var organizer = (await organizers.GetAsync(state.OrganizerId, ct))!;
        var now = time.GetUtcNow();
        // Starts in a few minutes, so the one-time code (open 15 minutes before the start) works now. A shared passcode, so a
        // newcomer meets the join page's passcode pop-up.
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(5);
        var request = new CreateMeetingRequest("Demo stand-up", start.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture), 60,
            organizer.TimeZone, [state.Contacts["Alice Archer"], state.Contacts["Bob Baker"]],
            new SecurityRequest(true, PasscodeMode.Shared, null), WaitForHost: false);
        if (await scheduler.CreateAsync(organizer, request, ct) is not ScheduleOutcome.Scheduled(var meeting))
        {
            logger.LogError("The demo meeting could not be created");
            return;
        }
        var view = views.Render(meeting);
        var number = scheduling.Value.DialInNumbers.FirstOrDefault()?.Number ?? "+15557650000";
        var urls = configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? "http://localhost:5080";
        var lines = new List<string>
        {
            "",
            "================ IvrGateway demo ================",
            $"Gateway            {urls}",
            $"Organizer portal   {urls.Split(';')[0].TrimEnd('/')}/portal   sign in as {state.Email} / {state.Password}",
            $"Dial-in number     {number}",
            $"Meeting            {view.Title}, {view.Start:yyyy-MM-dd HH:mm} ({view.TimeZone}), code open {view.ActiveFrom:HH:mm} to {view.ActiveUntil:HH:mm}",
            $"Access code        {view.AccessCode}",
            $"Passcode           {view.SharedPasscode}  (shared)  one tap: {number},,{view.AccessCode}#,,{view.SharedPasscode}#",
        };
        lines.Add($"Host PIN           {state.HostPin}  (organizer {organizer.Name}; type {view.AccessCode}*{state.HostPin}# at the first prompt)");
        // The room uses Settings > Security; a new organizer's is a generated shared passcode.
        var roomPasscode = organizer.Security is { PasscodeMode: PasscodeMode.Shared, SharedPasscodeProtected: { } p } ? protector.Unprotect(p) : null;
        lines.Add(roomPasscode is null
            ? $"Personal room      {state.PersonalAccessCode}  ({organizer.Security.PasscodeMode} passcode mode)"
            : $"Personal room      {state.PersonalAccessCode}  passcode {roomPasscode}  (one tap: {number},,{state.PersonalAccessCode}#,,{roomPasscode}#)");
        lines.Add($"Organizer API key  {state.ApiKey}");
        lines.Add($"Meeting id         {view.Id}");
        var alice = view.Invitations.FirstOrDefault();
        var gateway = urls.Split(';')[0].TrimEnd('/');
        lines.Add("");
        if (alice is not null)
        {
            lines.Add($"Open this link as {alice.Name} (passcode {view.SharedPasscode}" +
                (string.IsNullOrEmpty(configuration["Twilio:VoiceSdkSimulatorUrl"]) ? ")" : "; the fake Twilio plays the browser's audio)") + ":");
            lines.Add($"  {alice.JoinUrl}");
        }
        if (environment.IsDevelopment())
        {
            lines.Add($"Mail as sent (invitations, welcome): {gateway}/dev/outbox");
        }
        lines.Add("Dial in with the call simulator (in another terminal):");
        lines.Add($"  dotnet run --project src/IvrGateway.Simulator -- dial --digits {view.AccessCode}# {view.SharedPasscode}#");
        lines.Add("=================================================");
        lines.Add("");
        Console.Out.WriteLine(string.Join(Environment.NewLine, lines));
        await WriteSummaryAsync(view, state, ct);
    }

    private async Task<DemoState> LoadOrCreateAccountAsync(CancellationToken ct)
    {
        var path = options.Value.StateFile;
        if (File.Exists(path))
        {
            var saved = JsonSerializer.Deserialize<DemoState>(await File.ReadAllTextAsync(path, ct), Json);
            if (saved is { Format: DemoState.CurrentFormat } && await organizers.GetAsync(saved.OrganizerId, ct) is not null)
            {
                return saved;
            }
        }
        // The address signs in, so it names one account: a demo account whose state file is gone keeps its address.
        var opening = await accounts.CreateAsync("Demo Organizer", "organizer@example.com", "America/New_York", ct);
        if (opening.Outcome == CreateOutcome.EmailTaken)
        {
            opening = await accounts.CreateAsync("Demo Organizer", $"organizer.{Ids.New("demo", 6)[5..]}@example.com", "America/New_York", ct);
        }
        var created = opening.Account ?? throw new InvalidOperationException("The demo organizer could not be created (" + opening.Outcome + ").");
        var password = "demo-" + Ids.New("pw", 12)[3..];
        await passwords.SetAsync(created.Id, password, ct);
        await accounts.ChangeProfileAsync(created.Id, name: null, timeZone: null, phone: "+12025550100", ct);
        var contacts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, email, phone) in People)
        {
            var contact = await accounts.AddContactAsync(created.Id, name, email, phone, locale: null, ct);
            contacts[name] = contact!.Id;
        }
        var state = new DemoState(created.Id, created.ApiKey, created.HostPin, created.PersonalAccessCode, contacts, DemoState.CurrentFormat,
            created.Email, password);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await WriteWholeAsync(path, JsonSerializer.Serialize(state, Json), ct);
        return state;
    }

    // The latest meeting's details, for scripts (the README demo) that dial it.
    private async Task WriteSummaryAsync(MeetingView view, DemoState state, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.Value.StateFile))!, "demo-meeting.json");
        var summary = new
        {
            view.Id,
            view.AccessCode,
            state.HostPin,
            view.SharedPasscode,
            JoinUrls = view.Invitations.ToDictionary(i => i.Name, i => i.JoinUrl),
            DialIn = scheduling.Value.DialInNumbers.FirstOrDefault()?.Number,
        };
        await WriteWholeAsync(path, JsonSerializer.Serialize(summary, Json), ct);
    }

    // Written beside and renamed over: a reader (or the next run after a crash) finds the old file or the new one, never half of one.
    private static async Task WriteWholeAsync(string path, string json, CancellationToken ct)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, json, ct);
        File.Move(temporary, path, overwrite: true);
    }
}
