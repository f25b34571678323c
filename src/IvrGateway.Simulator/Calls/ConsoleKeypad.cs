namespace IvrGateway.Simulator.Calls;

/// <summary>Asks a person for keys at each <c>&lt;Gather&gt;</c>: an empty line is silence, <c>q</c> (or end of input) hangs up.</summary>
public sealed class ConsoleKeypad(TextReader input, TextWriter output, bool echo) : IKeypad
{
    /// <summary>Reads the console; echoes the keys when input is piped, since the terminal does not show them then.</summary>
    public ConsoleKeypad()
        : this(Console.In, Console.Out, Console.IsInputRedirected)
    {
    }

    public async ValueTask<KeypadEntry> NextEntryAsync(GatherPrompt prompt, CancellationToken cancellationToken)
    {
        while (true)
        {
            await output.WriteAsync($"  ⌨  {Hint(prompt)}> ".AsMemory(), cancellationToken);
            await output.FlushAsync(cancellationToken);
            var line = await input.ReadLineAsync(cancellationToken);
            if (echo)
            {
                await output.WriteLineAsync((line ?? "").AsMemory(), cancellationToken);
            }
            if (line is null || line.Trim() is "q" or "Q")
            {
                return KeypadEntry.HangUp;
            }
            try
            {
                return KeypadEntry.Parse(line);
            }
            catch (FormatException exception)
            {
                await output.WriteLineAsync($"     {exception.Message}".AsMemory(), cancellationToken);
            }
        }
    }

    private static string Hint(GatherPrompt prompt)
    {
        var finish = prompt.FinishOnKey.Length == 0 ? "" : $"end with {prompt.FinishOnKey}";
        var count = prompt.NumDigits is { } digits ? $"{digits} digit{(digits == 1 ? "" : "s")}" : "";
        var parts = string.Join(", ", new[] { count, finish }.Where(part => part.Length > 0));
        return parts.Length == 0 ? "" : $"({parts}) ";
    }
}
