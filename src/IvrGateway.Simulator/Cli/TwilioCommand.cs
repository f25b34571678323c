using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using IvrGateway.Simulator.Calls;
using IvrGateway.Simulator.Rest;
using Spectre.Console;

namespace IvrGateway.Simulator.Cli;

internal sealed record TwilioSettings(
    int Port,
    string Listen,
    string? AccountSid,
    string? AuthToken,
    string? ApiKeySid,
    string? ApiKeySecret,
    IReadOnlyList<string> Digits,
    double? StaySeconds,
    string? TwimlAppSid = null,
    string? VoiceUrl = null);

/// <summary><c>twilio</c>: serves the part of Twilio's REST API the gateway uses, and plays the calls it is asked to place.</summary>
internal static class TwilioCommand
{
    public const int DefaultPort = 5090;
    public const string AccountSidVariable = "Twilio__AccountSid";
    public const string ApiKeySidVariable = "Twilio__ApiKeySid";
    public const string ApiKeySecretVariable = "Twilio__ApiKeySecret";
    public const string TwimlAppSidVariable = "Twilio__TwimlAppSid";

    public const string Help = """
        Serves the part of Twilio's REST API the gateway uses, at http://127.0.0.1:5090/2010-04-01/Accounts/{AccountSid}/...,
        answering as Twilio does (JSON resources, 201 on create, Twilio's error codes, Basic auth with the account SID and
        auth token or an API key SID and secret):
          Calls            POST Calls.json (To, From, Url, Method, StatusCallback, StatusCallbackMethod, StatusCallbackEvent);
                           GET and POST Calls/{CallSid}.json (Status=completed hangs up)
          Conferences      GET Conferences.json (FriendlyName, Status); GET and POST Conferences/{Sid}.json (Status=completed ends it)
          Participants     GET Participants.json; GET, POST (Muted, Hold) and DELETE (remove) Participants/{CallSid or label}.json
        Each placed call is played like dial: the Url is fetched (signed with the auth token, Direction=outbound-api), its
        TwiML followed, each <Gather> answered from --digits, and the conference joined; mute, hold, remove and end send
        the conference callbacks and end the legs. Point the gateway's Twilio:ApiBaseUrl at the address printed at start.
        With a TwiML App (--twiml-app-sid) it also plays browsers' calls for the gateway's simulated Voice SDK (its
        Twilio:VoiceSdkSimulatorUrl, Development only): POST /sdk/calls checks the Access Token as Twilio does (HS256 with
        the API key's secret, the key, the account, the expiry, the TwiML App) and requests --voice-url signed as
        client:<identity> with the page's parameters; POST /sdk/calls/{CallSid} (Status=completed) hangs up. A browser's
        call ends with the TwiML App's status callback, "status" beside --voice-url (/voice/status).
        Stop with Ctrl+C.
        """;

    public static Command Create(CommandContext context)
    {
        var port = new Option<int>("--port") { Description = "The port to listen on (0 picks a free one).", DefaultValueFactory = static _ => DefaultPort };
        port.Validators.Add(static result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                result.AddError("--port must be between 0 and 65535.");
            }
        });
        var listen = new Option<string>("--listen") { Description = "The address to listen on.", DefaultValueFactory = static _ => "127.0.0.1" };
        listen.Validators.Add(static result =>
        {
            if (!IPAddress.TryParse(result.GetValueOrDefault<string>(), out _))
            {
                result.AddError("--listen must be an IP address, such as 127.0.0.1 or 0.0.0.0.");
            }
        });
        var accountSid = new Option<string>("--account-sid")
        {
            Description = $"The account (AC + 32 hex digits). Default: ${AccountSidVariable}, else {FakeTwilioOptions.DevelopmentAccountSid}.",
        };
        var authToken = new Option<string>("--auth-token")
        {
            Description = $"The auth token: the account's password, and the key that signs webhooks. Default: ${DialCommand.AuthTokenVariable}, else {DialCommand.DevelopmentAuthToken}.",
        };
        var apiKeySid = new Option<string>("--api-key-sid") { Description = $"An API key SID (SK...) also accepted as the user. Default: ${ApiKeySidVariable}." };
        var apiKeySecret = new Option<string>("--api-key-secret") { Description = $"The API key's secret. Default: ${ApiKeySecretVariable}." };
        var digits = new Option<string[]>("--digits")
        {
            Description = "What the person who answers a placed call presses, one entry per <Gather>; - for no input. Default: 1.",
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var twimlAppSid = new Option<string>("--twiml-app-sid")
        {
            Description = $"The TwiML App (AP...) browsers' Access Tokens call out through; with it, browser calls are played. Default: ${TwimlAppSidVariable}.",
        };
        var voiceUrl = new Option<string>("--voice-url")
        {
            Description = "The TwiML App's voice URL, requested for each browser call; its origin may call from a page. Default: http://127.0.0.1:5080/voice/client.",
            DefaultValueFactory = static _ => "http://127.0.0.1:5080/voice/client",
        };
        voiceUrl.Validators.Add(static result =>
        {
            if (!Uri.TryCreate(result.GetValueOrDefault<string>(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                result.AddError("--voice-url must be an absolute http(s) URL, such as http://127.0.0.1:5080/voice/client.");
            }
        });
        var stay = new Option<double?>("--stay")
        {
            Description = "Seconds a placed call stays in its conference. Default: until removed, the conference ends, or it is hung up.",
        };
        stay.Validators.Add(static result =>
        {
            if (result.GetValueOrDefault<double?>() < 0)
            {
                result.AddError("--stay cannot be negative.");
            }
        });

        var command = new Command("twilio", "Serves a fake of Twilio's REST API (calls, conferences, participants) and plays the calls it places.\n\n" + Help)
        {
            port, listen, accountSid, authToken, apiKeySid, apiKeySecret, digits, stay, twimlAppSid, voiceUrl,
        };
        command.SetAction((parsed, cancellationToken) => RunAsync(context, new TwilioSettings(
            parsed.GetValue(port),
            parsed.GetValue(listen)!,
            parsed.GetValue(accountSid),
            parsed.GetValue(authToken),
            parsed.GetValue(apiKeySid),
            parsed.GetValue(apiKeySecret),
            parsed.GetValue(digits) is { Length: > 0 } given ? given : ["1"],
            parsed.GetValue(stay),
            parsed.GetValue(twimlAppSid),
            parsed.GetValue(voiceUrl)), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, TwilioSettings settings, CancellationToken cancellationToken)
    {
        var console = new LockedConsole(context.Console);
        FakeTwilioOptions options;
        try
        {
            options = new FakeTwilioOptions
            {
                AccountSid = settings.AccountSid ?? Configured(context, AccountSidVariable) ?? FakeTwilioOptions.DevelopmentAccountSid,
                AuthToken = settings.AuthToken ?? Configured(context, DialCommand.AuthTokenVariable) ?? DialCommand.DevelopmentAuthToken,
                ApiKeySid = settings.ApiKeySid ?? Configured(context, ApiKeySidVariable),
                ApiKeySecret = settings.ApiKeySecret ?? Configured(context, ApiKeySecretVariable),
                Digits = settings.Digits,
                StayInConference = settings.StaySeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan,
                TwimlAppSid = settings.TwimlAppSid ?? Configured(context, TwimlAppSidVariable),
                VoiceUrl = new Uri(settings.VoiceUrl ?? "http://127.0.0.1:5080/voice/client"),
                ObserverFor = call => new PlacedCallPrinter(console, call.CallSid!),
            };
            options.Validate();
        }
        catch (Exception problem) when (problem is ArgumentException or FormatException)
        {
            console.Line($"✖ {problem.Message}");
            return ExitCodes.Error;
        }

        // The simulator enforces Twilio's 15 s per webhook itself.
        using var http = new HttpClient(context.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        var simulator = new CallSimulator(http, context.Time);
        FakeTwilioServer server;
        try
        {
            server = await FakeTwilioServer.StartAsync(simulator, options, settings.Port, IPAddress.Parse(settings.Listen),
                line => console.Line($"  {line}"), cancellationToken);
        }
        catch (IOException problem)
        {
            console.Line($"✖ Cannot listen on {settings.Listen}:{settings.Port.ToString(CultureInfo.InvariantCulture)}: {problem.Message}");
            return ExitCodes.Error;
        }
        await using (server)
        {
            var baseUrl = server.BaseUrl.ToString().TrimEnd('/');
            console.Line($"Fake Twilio REST API on {baseUrl}  (account {options.AccountSid})");
            console.Line($"  Point the gateway at it: Twilio__ApiBaseUrl={baseUrl} {AccountSidVariable}={options.AccountSid}");
            console.Line($"  Placed calls press {string.Join(" then ", options.Digits)} and stay " +
                (settings.StaySeconds is { } stayed ? $"{stayed.ToString("0.###", CultureInfo.InvariantCulture)} s" : "until removed or ended") +
                ". Ctrl+C stops.");
            if (options.TwimlAppSid is not null)
            {
                console.Line($"  Browser calls (the gateway's Twilio__VoiceSdkSimulatorUrl={baseUrl}) go to {options.VoiceUrl} for TwiML App {options.TwimlAppSid}.");
            }
            // Ctrl+C comes through the token; a service manager's (or the run script's) SIGTERM stops as gently.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
            {
                signal.Cancel = true;
                stop.Cancel();
            });
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, context.Time, stop.Token);
            }
            catch (OperationCanceledException)
            {
                console.Line("Stopping: placed calls still playing are dropped.");
            }
        }
        return ExitCodes.Bridged;
    }

    private static string? Configured(CommandContext context, string variable) =>
        context.Environment(variable) is { Length: > 0 } value ? value : null;

    /// <summary>Lines from REST requests and from concurrent calls, one whole line at a time.</summary>
    private sealed class LockedConsole(IAnsiConsole console)
    {
        private readonly Lock gate = new();

        public void Line(string text)
        {
            lock (gate)
            {
                console.Write(new Text(text + Environment.NewLine));
            }
        }
    }

    /// <summary>What a placed call hears and does, each line tagged with the call, as calls run side by side.</summary>
    private sealed class PlacedCallPrinter(LockedConsole console, string callSid) : ICallObserver
    {
        private readonly string tag = callSid[..10] + "…";

        public void OnEvent(CallEvent callEvent)
        {
            var line = callEvent switch
            {
                WebhookExchange exchange => $"→ {exchange.Method} {exchange.Url.PathAndQuery}{(exchange.Detail is { } detail ? $" ({detail})" : "")}  " +
                    (exchange.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? exchange.Failure),
                Said said => $"🔊 {said.Text}",
                KeysPressed pressed => $"⌨  {pressed.Keys}",
                JoinedConference joined => $"☎  Joined {joined.Conference.Room}{(joined.Conference.ParticipantLabel is { } label ? $" as \"{label}\"" : "")} ({joined.Conference.ConferenceSid})",
                CallEnded ended => $"✆  {ended.Reason}",
                _ => null,
            };
            if (line is not null)
            {
                console.Line($"  {tag} {line}");
            }
        }
    }
}
