using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using IvrGateway.Simulator.Calls;
using IvrGateway.Simulator.Load;

namespace IvrGateway.Simulator.Cli;

/// <summary>Runs one <c>load</c>: the meetings (made, read back or made up), the measured burst, and the report.</summary>
internal sealed class LoadRun(CommandContext context)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<int> RunAsync(LoadSettings settings, CancellationToken cancellationToken)
    {
        var printer = new LoadPrinter(context.Console);
        if (!Uri.TryCreate(settings.Gateway, UriKind.Absolute, out var gateway) || gateway.Scheme is not ("http" or "https"))
        {
            printer.Problem($"\"{settings.Gateway}\" is not an http(s) URL: give the gateway's base URL, such as {DialCommand.DefaultGateway}.");
            return ExitCodes.Unreachable;
        }
        if (Problem(settings) is { } problem)
        {
            printer.Problem(problem);
            return ExitCodes.Error;
        }

        // The simulator enforces Twilio's 15 s per request itself.
        using var http = new HttpClient(context.CreateHandler()) { BaseAddress = gateway, Timeout = Timeout.InfiniteTimeSpan };
        LoadPlan plan;
        try
        {
            plan = await PlanAsync(settings, http, printer, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or JsonException or IOException)
        {
            printer.Problem($"The setup failed: {e.Message}");
            return e is HttpRequestException ? ExitCodes.Unreachable : ExitCodes.Error;
        }
        if (settings.SetupOnly)
        {
            printer.Note($"Saved {plan.Callers.Count:N0} callers in {plan.Meetings:N0} meetings to {settings.Plan}.");
            return ExitCodes.Bridged;
        }

        var runSettings = new RunSettings(gateway, AuthToken(settings), settings.To, TimeSpan.FromSeconds(settings.WindowSeconds),
            settings.Concurrency, TimeSpan.FromSeconds(settings.StaySeconds), TimeSpan.FromSeconds(settings.ThinkSeconds));
        var callers = plan.Callers.Take(settings.Callers).ToList();
        if (settings.Warmup > 0)
        {
            var warmup = await new LoadRunner(new CallSimulator(http, context.Time), context.Time).RunAsync(
                [.. callers.Take(settings.Warmup)], runSettings with { Window = TimeSpan.Zero }, cancellationToken);
            printer.Note($"Warm-up (not measured): {warmup.Calls.Total:N0} calls, {warmup.Calls.Failed:N0} failed, {warmup.Rates.WebhooksPerSecond:0} webhooks/s.");
        }
        printer.Note($"Running {callers.Count:N0} callers into {callers.Select(c => c.Meeting).Distinct().Count():N0} meetings over {settings.WindowSeconds:0.#} s, " +
            $"at most {settings.Concurrency} in flight, {Pace(runSettings)}, against {gateway.ToString().TrimEnd('/')} ...");
        try
        {
            var report = await MeasureAsync(settings, gateway, http, callers, runSettings, cancellationToken);
            printer.Report(report);
            if (settings.Json is { } path)
            {
                await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, Json), cancellationToken);
            }
            return report.Calls.Failed == 0 ? ExitCodes.Bridged : ExitCodes.SomeCallsFailed;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or Win32Exception)
        {
            printer.Problem($"A reading failed: {e.Message}");
            return ExitCodes.Error;
        }
    }

    private async Task<LoadReport> MeasureAsync(LoadSettings settings, Uri gateway, HttpClient http, IReadOnlyList<PlannedCaller> callers,
        RunSettings runSettings, CancellationToken cancellationToken)
    {
        var redis = settings.Redis is { } endpoint ? new RedisCli(endpoint) : null;
        var redisBefore = redis is null ? null : await redis.InfoAsync(cancellationToken);
        await using var monitor = settings.Census && redis is not null ? await RedisMonitor.StartAsync(redis, cancellationToken) : null;
        await using var probe = settings.GatewayPid is { } pid ? new GatewayProbe(pid, context.Time) : null;
        var started = context.Time.GetUtcNow();
        var toolCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var machineCpu = MachineBusy();

        var measured = await new LoadRunner(new CallSimulator(http, context.Time), context.Time).RunAsync(callers, runSettings, cancellationToken);

        toolCpu = Process.GetCurrentProcess().TotalProcessorTime - toolCpu;
        machineCpu = MachineBusy() - machineCpu;
        var gatewayFigures = probe is null ? null : await probe.FinishAsync();
        var census = monitor is null ? null : await monitor.FinishAsync();
        var redisFigures = redis is null ? null : Figures((await redis.InfoAsync(cancellationToken)).Since(redisBefore!).Without("info"), measured);
        var censusFigures = census is null ? null : new CensusFigures(census.ClientCommands, census.ScriptCommands,
            Math.Round((double)census.ClientCommands / Math.Max(1, measured.Rates.Webhooks), 3), census.ByClient, census.ByScript);
        return new LoadReport(settings.Label, gateway.ToString().TrimEnd('/'), started,
            new RunShape(callers.Count, callers.Select(c => c.Meeting).Distinct().Count(), settings.WindowSeconds, settings.Concurrency, settings.StaySeconds,
                settings.ThinkSeconds),
            measured.Calls, measured.Rates, measured.Slots, measured.Steps, measured.Overall, gatewayFigures, redisFigures, censusFigures,
            Math.Round(toolCpu.TotalSeconds, 2), Math.Round(machineCpu.TotalSeconds, 2));
    }

    private static string Pace(RunSettings run) => run.Paced
        ? F($"paced: {run.Think.TotalSeconds:0.###} s before each key entry, {run.Stay.TotalSeconds:0.###} s in the conference")
        : "fast mode: no think time, the stay not waited";

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);

    // Everything else on the machine competes for the same cores: the report shows how much there was.
    private static TimeSpan MachineBusy() =>
        File.Exists("/proc/stat") ? ProcessStatus.MachineBusy(File.ReadAllText("/proc/stat")) : TimeSpan.Zero;

    private static RedisFigures Figures(RedisInfo delta, RunMeasurements measured)
    {
        var webhooks = Math.Max(1, measured.Rates.Webhooks);
        var calls = Math.Max(1, measured.Calls.Total);
        var scripts = delta.Calls("evalsha") + delta.Calls("eval");
        return new RedisFigures(delta.TotalCommands, scripts,
            Math.Round((double)delta.TotalCommands / calls, 2), Math.Round((double)delta.TotalCommands / webhooks, 3), Math.Round((double)scripts / webhooks, 3),
            Math.Round(delta.CpuSeconds, 2),
            [.. delta.Commands.Values.OrderByDescending(c => c.Calls).Take(12)]);
    }

    private async Task<LoadPlan> PlanAsync(LoadSettings settings, HttpClient http, LoadPrinter printer, CancellationToken cancellationToken)
    {
        if (settings.Reuse)
        {
            await using var file = File.OpenRead(settings.Plan!);
            var saved = await JsonSerializer.DeserializeAsync<LoadPlan>(file, Json, cancellationToken)
                ?? throw new InvalidOperationException($"{settings.Plan} holds no plan.");
            return saved.Callers.Count >= settings.Callers ? saved
                : throw new InvalidOperationException($"{settings.Plan} has {saved.Callers.Count} callers, fewer than --callers {settings.Callers}.");
        }
        if (settings.NoSetup)
        {
            return LoadPlan.Synthetic(settings.Callers, settings.Meetings, settings.NumberOffset);
        }
        printer.Note($"Setting up {settings.Meetings:N0} meetings for {settings.Callers:N0} callers through the management API (not measured) ...");
        var setupStarted = context.Time.GetTimestamp();
        var plan = await new MeetingSetup(http, context.Time).CreateAsync(
            new SetupSettings(AdminKey(settings)!, settings.Callers, settings.Meetings, settings.NumberOffset, settings.SetupParallelism),
            done => printer.Note("  created " + done), cancellationToken);
        printer.Note($"  setup took {context.Time.GetElapsedTime(setupStarted).TotalSeconds:0.0} s");
        if (settings.Plan is { } path)
        {
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(plan, Json), cancellationToken);
        }
        return plan;
    }

    private string? Problem(LoadSettings settings) =>
        settings.SetupOnly && settings.Plan is null ? "--setup-only needs --plan, the file to save the meetings to."
        : settings.Reuse && settings.Plan is null ? "--reuse needs --plan, the file the meetings were saved to."
        : settings.Reuse && (settings.NoSetup || settings.SetupOnly) ? "--reuse cannot go with --no-setup or --setup-only."
        : settings.Census && settings.Redis is null ? "--census needs --redis."
        : settings.Warmup < 0 ? "--warmup cannot be negative."
        : settings.NumberOffset < 0 || settings.NumberOffset + settings.Callers > CallerNumbers.Capacity
            ? $"Callers and --number-offset must stay within {CallerNumbers.Capacity:N0} caller numbers."
        : !settings.Reuse && MeetingSetup.Problem(settings.Callers, settings.Meetings) is { } shape ? shape
        : !settings.Reuse && !settings.NoSetup && AdminKey(settings) is null ? $"The setup needs the admin API key: --admin-key or ${LoadCommand.AdminKeyVariable}."
        : null;

    private string? AdminKey(LoadSettings settings) =>
        settings.AdminKey is { Length: > 0 } given ? given
        : context.Environment(LoadCommand.AdminKeyVariable) is { Length: > 0 } configured ? configured
        : null;

    private string AuthToken(LoadSettings settings) =>
        settings.AuthToken is { Length: > 0 } given ? given
        : context.Environment(DialCommand.AuthTokenVariable) is { Length: > 0 } configured ? configured
        : DialCommand.DevelopmentAuthToken;
}
