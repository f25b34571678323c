using System.CommandLine;
using IvrGateway.Simulator.Calls;

namespace IvrGateway.Simulator.Cli;

internal sealed record LoadSettings(
    string Gateway,
    string? AuthToken,
    string? AdminKey,
    int Callers,
    int Meetings,
    double WindowSeconds,
    int Concurrency,
    double StaySeconds,
    double ThinkSeconds,
    string? Redis,
    int? GatewayPid,
    string? Json,
    string? Plan,
    bool SetupOnly,
    bool Reuse,
    bool NoSetup,
    bool Census,
    string To,
    int NumberOffset,
    string Label,
    int SetupParallelism,
    int Warmup);

/// <summary><c>load</c>: a top-of-the-hour burst of callers into many meetings, measured.</summary>
internal static class LoadCommand
{
    public const string AdminKeyVariable = "Gateway__AdminApiKey";

    public static Command Create(CommandContext context)
    {
        var gateway = new Option<string>("--gateway") { Description = "The gateway's base URL.", DefaultValueFactory = static _ => DialCommand.DefaultGateway };
        var authToken = new Option<string>("--auth-token") { Description = $"The Twilio auth token that signs requests. Default: ${DialCommand.AuthTokenVariable}, else the Development value." };
        var adminKey = new Option<string>("--admin-key") { Description = $"The gateway's admin API key, to create the meetings. Default: ${AdminKeyVariable}." };
        var callers = Positive(new Option<int>("--callers") { Description = "Callers in the burst, each from a number of its own.", DefaultValueFactory = static _ => 10_000 });
        var meetings = Positive(new Option<int>("--meetings") { Description = "Meetings they call into (caller i joins meeting i mod meetings).", DefaultValueFactory = static _ => 1_000 });
        var window = new Option<double>("--window") { Description = "Seconds over which the arrivals are evenly spread; 0 for all at once.", DefaultValueFactory = static _ => 60 };
        var concurrency = Positive(new Option<int>("--concurrency") { Description = "Calls in flight at most; later callers wait for a slot (and are counted).", DefaultValueFactory = static _ => 200 });
        var stay = new Option<double>("--stay") { Description = "Seconds each caller stays in the conference: only counted in fast mode (--think 0), really waited in a paced run.", DefaultValueFactory = static _ => 1 };
        var think = new Option<double>("--think")
        {
            Description = "Seconds each caller takes before answering a prompt (hearing it, typing). Above 0 the run is paced: " +
                "the think time and the --stay really pass, so calls stay in flight the way phone calls do. 0 (the default) is fast mode: back-to-back requests.",
            DefaultValueFactory = static _ => 0,
        };
        var redis = new Option<string>("--redis") { Description = "host:port of the gateway's Redis: INFO commandstats before and after the run (read with redis-cli)." };
        var gatewayPid = new Option<int?>("--gateway-pid") { Description = "The gateway's process id: peak memory (VmHWM, VmRSS every 250 ms) and CPU time from /proc." };
        var json = new Option<string>("--json") { Description = "Also write the report to this JSON file." };
        var plan = new Option<string>("--plan") { Description = "The file the meetings are saved to (--setup-only) or read from (--reuse)." };
        var setupOnly = new Option<bool>("--setup-only") { Description = "Create the meetings, save them to --plan, and stop." };
        var reuse = new Option<bool>("--reuse") { Description = "Call into the meetings saved in --plan instead of creating new ones." };
        var noSetup = new Option<bool>("--no-setup") { Description = "Made-up codes and passcodes, no management API: for a baseline that checks none." };
        var census = new Option<bool>("--census") { Description = "Count who sent each Redis command with MONITOR (exact round trips, but slows Redis: not for a measured run). Needs --redis." };
        var to = new Option<string>("--to") { Description = "The number dialed (To).", DefaultValueFactory = static _ => CallOptions.DefaultTo };
        var numberOffset = new Option<int>("--number-offset") { Description = "The first caller's number index, so runs can use distinct caller numbers.", DefaultValueFactory = static _ => 0 };
        var label = new Option<string>("--label") { Description = "A name for the run in the report.", DefaultValueFactory = static _ => "load" };
        var warmup = new Option<int>("--warmup")
        {
            Description = "Calls placed first and not measured (the first callers of the plan, all at once), so neither the app nor this tool is measured while its code is still being compiled.",
            DefaultValueFactory = static _ => 0,
        };
        var setupParallelism = Positive(new Option<int>("--setup-parallelism") { Description = "Management API requests at once during the setup.", DefaultValueFactory = static _ => 16 });

        var command = new Command("load", "A top-of-the-hour burst: creates meetings through the API, then places many signed calls " +
            "over a window with bounded concurrency and reports outcomes, rates, per-step latency, Redis commands and the gateway's memory.\n\n" +
            "Exit codes: 0 every call bridged, 12 some calls failed, 1 the setup or a reading failed, 2 gateway unreachable or not an http(s) URL.")
        {
            gateway, authToken, adminKey, callers, meetings, window, concurrency, stay, think, redis, gatewayPid, json, plan, setupOnly, reuse, noSetup,
            census, to, numberOffset, label, setupParallelism, warmup,
        };
        window.Validators.Add(static result =>
        {
            if (result.GetValueOrDefault<double>() < 0)
            {
                result.AddError("--window cannot be negative.");
            }
        });
        stay.Validators.Add(static result =>
        {
            if (result.GetValueOrDefault<double>() < 0)
            {
                result.AddError("--stay cannot be negative.");
            }
        });
        think.Validators.Add(static result =>
        {
            if (result.GetValueOrDefault<double>() < 0)
            {
                result.AddError("--think cannot be negative.");
            }
        });
        command.SetAction((parsed, cancellationToken) =>
        {
            var settings = new LoadSettings(
                parsed.GetValue(gateway)!, parsed.GetValue(authToken), parsed.GetValue(adminKey),
                parsed.GetValue(callers), parsed.GetValue(meetings), parsed.GetValue(window), parsed.GetValue(concurrency), parsed.GetValue(stay), parsed.GetValue(think),
                parsed.GetValue(redis), parsed.GetValue(gatewayPid), parsed.GetValue(json), parsed.GetValue(plan),
                parsed.GetValue(setupOnly), parsed.GetValue(reuse), parsed.GetValue(noSetup), parsed.GetValue(census),
                parsed.GetValue(to)!, parsed.GetValue(numberOffset), parsed.GetValue(label)!, parsed.GetValue(setupParallelism), parsed.GetValue(warmup));
            return new LoadRun(context).RunAsync(settings, cancellationToken);
        });
        return command;
    }

    private static Option<int> Positive(Option<int> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError($"{option.Name} must be at least 1.");
            }
        });
        return option;
    }
}
