using IvrGateway.Simulator.Cli;

namespace IvrGateway.Simulator;

// A named entry point rather than top-level statements: with the ASP.NET Core framework referenced (for the fake
// REST API), .NET generates a public Program for top-level statements, which would clash with the gateway's
// Program in test projects that reference both.
internal static class Program
{
    public static Task<int> Main(string[] args) =>
        SimulatorCommandLine.Create(CommandContext.ForConsole()).Parse(args).InvokeAsync();
}
