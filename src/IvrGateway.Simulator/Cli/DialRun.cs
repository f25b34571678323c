using IvrGateway.Simulator.Calls;
using IvrGateway.Simulator.Twilio;

namespace IvrGateway.Simulator.Cli;

/// <summary>Runs one <c>dial</c>: checks the settings, places the call, prints it, and picks the exit code.</summary>
internal sealed class DialRun(CommandContext context)
{
    public async Task<int> RunAsync(DialSettings settings, CancellationToken cancellationToken)
    {
        var console = context.Console;
        if (!Uri.TryCreate(settings.Gateway, UriKind.Absolute, out var gateway) || gateway.Scheme is not ("http" or "https"))
        {
            new CallPrinter(console, new Uri(DialCommand.DefaultGateway), false).Problem(
                $"\"{settings.Gateway}\" is not an http(s) URL: give the gateway's base URL, such as {DialCommand.DefaultGateway}.");
            return ExitCodes.Unreachable;
        }

        var callSid = settings.CallSid ?? TwilioSids.NewCallSid();
        var options = new CallOptions
        {
            Gateway = gateway,
            AuthToken = AuthToken(settings),
            From = settings.From,
            To = settings.To,
            VoicePath = settings.VoicePath,
            StatusCallbackPath = settings.StatusPath.Length == 0 ? null : settings.StatusPath,
            Parameters = settings.Parameters ?? [],
            StayInConference = TimeSpan.FromSeconds(settings.StaySeconds),
            Fast = settings.Fast,
            CallSid = callSid,
        };
        var scripted = settings.Digits.Count > 0;
        var keypad = scripted ? new ScriptedKeypad(settings.Digits) : context.CreateConsoleKeypad();
        var printer = new CallPrinter(console, gateway, echoKeys: scripted);
        printer.Header(options, callSid);
        if (!scripted)
        {
            printer.Note("  Type the keys at each ⌨ prompt (0-9, *, #); an empty line is no input, q hangs up.");
        }

        // The simulator enforces Twilio's 15 s per request itself.
        using var http = new HttpClient(context.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        CallResult result;
        try
        {
            result = await new CallSimulator(http, context.Time).DialAsync(options, keypad, printer, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            printer.Problem("Interrupted.");
            return ExitCodes.Interrupted;
        }

        var exitCode = ExitCodes.For(result);
        var error = result.Error switch
        {
            null => null,
            { Kind: CallErrorKind.Unreachable } unreachable => $"{unreachable.Message}. Is it running? (scripts/run.sh)",
            var other => other.Message,
        };
        printer.Result(result, exitCode, error);
        return exitCode;
    }

    private string AuthToken(DialSettings settings) =>
        settings.AuthToken is { Length: > 0 } given ? given
        : context.Environment(DialCommand.AuthTokenVariable) is { Length: > 0 } configured ? configured
        : DialCommand.DevelopmentAuthToken;
}
