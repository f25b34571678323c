using System.CommandLine;
using System.CommandLine.Parsing;
using IvrGateway.Simulator.Calls;
using IvrGateway.Simulator.Twilio;

namespace IvrGateway.Simulator.Cli;

internal sealed record DialSettings(
    IReadOnlyList<string> Digits,
    string From,
    string To,
    string Gateway,
    string? AuthToken,
    double StaySeconds,
    bool Fast,
    string? CallSid,
    string VoicePath,
    string StatusPath,
    IReadOnlyList<KeyValuePair<string, string>>? Parameters = null);

/// <summary><c>dial</c>: one call, scripted with <c>--digits</c> or typed at the keypad prompt.</summary>
internal static class DialCommand
{
    public const string AuthTokenVariable = "Twilio__AuthToken";
    public const string DevelopmentAuthToken = "dev-auth-token-not-a-secret";
    public const string DefaultGateway = "http://127.0.0.1:5080";

    public static Command Create(CommandContext context)
    {
        var digits = new Option<string[]>("--digits")
        {
            Description = "Keypad entries, one per <Gather>, such as 1234567890# 482913#; - for no input. The caller hangs up when they run out. Without it you type the keys.",
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.OneOrMore,
        };
        digits.Validators.Add(static result => Check(result, token => KeypadEntry.Parse(token)));
        var from = new Option<string>("--from") { Description = "The caller's number (From).", DefaultValueFactory = static _ => CallOptions.DefaultFrom };
        var to = new Option<string>("--to") { Description = "The number dialed (To).", DefaultValueFactory = static _ => CallOptions.DefaultTo };
        var gateway = new Option<string>("--gateway") { Description = "The gateway's base URL.", DefaultValueFactory = static _ => DefaultGateway };
        var authToken = new Option<string>("--auth-token")
        {
            Description = $"The Twilio auth token that signs requests. Default: ${AuthTokenVariable}, else {DevelopmentAuthToken} (the gateway's Development value).",
        };
        var stay = new Option<double>("--stay") { Description = "Seconds to stay in the conference before hanging up.", DefaultValueFactory = static _ => 1 };
        stay.Validators.Add(static result =>
        {
            if (result.GetValueOrDefault<double>() < 0)
            {
                result.AddError("--stay cannot be negative.");
            }
        });
        var fast = new Option<bool>("--fast") { Description = "Do not really wait for <Pause> or the conference stay (the reported durations still count them)." };
        var callSid = new Option<string>("--call-sid") { Description = "A fixed CallSid (CA + 32 hex digits) instead of a random one." };
        callSid.Validators.Add(static result => Check(result, token =>
        {
            if (!TwilioSids.IsCallSid(token))
            {
                throw new FormatException($"\"{token}\" is not a CallSid: CA followed by 32 hex digits.");
            }
        }));
        var voicePath = new Option<string>("--voice-path") { Description = "The number's Voice URL path.", DefaultValueFactory = static _ => CallOptions.DefaultVoicePath };
        var statusPath = new Option<string>("--status-path") { Description = "The number's status callback path.", DefaultValueFactory = static _ => CallOptions.DefaultStatusCallbackPath };

        var command = new Command("dial", "Places one inbound call: follows the gateway's TwiML, presses the keys, joins the conference, hangs up.\n\n" + ExitCodes.Help)
        {
            digits, from, to, gateway, authToken, stay, fast, callSid, voicePath, statusPath,
        };
        command.SetAction((parsed, cancellationToken) =>
        {
            var settings = new DialSettings(
                parsed.GetValue(digits) ?? [],
                parsed.GetValue(from)!,
                parsed.GetValue(to)!,
                parsed.GetValue(gateway)!,
                parsed.GetValue(authToken),
                parsed.GetValue(stay),
                parsed.GetValue(fast),
                parsed.GetValue(callSid),
                parsed.GetValue(voicePath)!,
                parsed.GetValue(statusPath)!);
            return new DialRun(context).RunAsync(settings, cancellationToken);
        });
        return command;
    }

    private static void Check(OptionResult result, Action<string> check)
    {
        foreach (var token in result.Tokens)
        {
            try
            {
                check(token.Value);
            }
            catch (FormatException problem)
            {
                result.AddError(problem.Message);
            }
        }
    }
}
