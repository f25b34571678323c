using IvrGateway.Simulator.Calls;
using Spectre.Console;

namespace IvrGateway.Simulator.Cli;

/// <summary>What the commands take from the outside world, so tests can run them without a terminal or a network.</summary>
internal sealed record CommandContext(
    IAnsiConsole Console,
    Func<HttpMessageHandler> CreateHandler,
    TimeProvider Time,
    Func<IKeypad> CreateConsoleKeypad,
    Func<string, string?> Environment)
{
    public static CommandContext ForConsole() => new(
        Terminal.Create(System.Console.Out, System.Console.IsOutputRedirected),
        CallSimulator.CreateHandler,
        TimeProvider.System,
        () => new ConsoleKeypad(),
        System.Environment.GetEnvironmentVariable);
}
