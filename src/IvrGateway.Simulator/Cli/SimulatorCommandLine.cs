using System.CommandLine;

namespace IvrGateway.Simulator.Cli;

internal static class SimulatorCommandLine
{
    public static RootCommand Create(CommandContext context) =>
        new("Plays Twilio's side of phone calls against a running IvrGateway, so no Twilio account is needed.")
        {
            DialCommand.Create(context),
            LoadCommand.Create(context),
            LoadReportCommand.Create(context),
            TwilioCommand.Create(context),
            ClientCommand.Create(context),
        };
}
