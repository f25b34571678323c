using Spectre.Console;

namespace IvrGateway.Simulator.Cli;

internal static class Terminal
{
    /// <summary>Colour for a person at a terminal; plain, unwrapped text when the output goes to a file or a pipe.</summary>
    public static IAnsiConsole Create(TextWriter output, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Out = new AnsiConsoleOutput(output),
        });
        if (redirected)
        {
            // Spectre assumes 80 columns without a terminal and would wrap long prompts mid-line.
            console.Profile.Width = 10_000;
        }
        return console;
    }
}
