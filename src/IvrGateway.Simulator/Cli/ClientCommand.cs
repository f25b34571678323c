using System.CommandLine;
using IvrGateway.Simulator.Calls;

namespace IvrGateway.Simulator.Cli;

/// <summary><c>client</c>: the browser leg of "join online", played as Twilio plays it for the TwiML App.</summary>
internal static class ClientCommand
{
    public static Command Create(CommandContext context)
    {
        var ticket = new Option<string>("--ticket") { Description = "The join ticket the join page gave the browser (its session's \"ticket\").", Required = true };
        var identity = new Option<string>("--identity")
        {
            Description = "The browser's identity (its session's \"identity\"); From is client:<identity>.",
            DefaultValueFactory = static _ => "web000000000000000000000000",
        };
        var gateway = new Option<string>("--gateway") { Description = "The gateway's base URL.", DefaultValueFactory = static _ => DialCommand.DefaultGateway };
        var authToken = new Option<string>("--auth-token")
        {
            Description = $"The Twilio auth token that signs requests. Default: ${DialCommand.AuthTokenVariable}, else {DialCommand.DevelopmentAuthToken}.",
        };
        var stay = new Option<double>("--stay") { Description = "Seconds to stay in the conference before hanging up.", DefaultValueFactory = static _ => 1 };
        var fast = new Option<bool>("--fast") { Description = "Do not really wait for <Pause> or the conference stay." };
        var command = new Command("client", "Plays the browser leg of joining online: Twilio requesting the TwiML App's voice URL "
            + $"({BrowserCalls.VoicePath}) with a join ticket, then the conference, then its status callback ({BrowserCalls.StatusPath}).\n\n" + ExitCodes.Help)
        {
            ticket, identity, gateway, authToken, stay, fast,
        };
        command.SetAction((parsed, cancellationToken) =>
        {
            var settings = new DialSettings(["-"], "client:" + parsed.GetValue(identity), "", parsed.GetValue(gateway)!, parsed.GetValue(authToken),
                Math.Max(0, parsed.GetValue(stay)), parsed.GetValue(fast), null, BrowserCalls.VoicePath, BrowserCalls.StatusPath,
                [new("ticket", parsed.GetValue(ticket)!)]);
            return new DialRun(context).RunAsync(settings, cancellationToken);
        });
        return command;
    }
}
