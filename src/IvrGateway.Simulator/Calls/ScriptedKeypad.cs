namespace IvrGateway.Simulator.Calls;

/// <summary>Answers each <c>&lt;Gather&gt;</c> with the next scripted entry; the caller hangs up when they run out.</summary>
public sealed class ScriptedKeypad : IKeypad
{
    private readonly Queue<KeypadEntry> entries;

    /// <param name="entries">Such as <c>1234567890#</c>, <c>482913#</c>, <c>*#</c>; <c>-</c> or empty for no input.</param>
    /// <exception cref="FormatException">An entry holds something other than keys.</exception>
    public ScriptedKeypad(IEnumerable<string> entries) =>
        this.entries = new Queue<KeypadEntry>(entries.Select(KeypadEntry.Parse));

    public ScriptedKeypad(params string[] entries)
        : this((IEnumerable<string>)entries)
    {
    }

    public int Remaining => entries.Count;

    public ValueTask<KeypadEntry> NextEntryAsync(GatherPrompt prompt, CancellationToken cancellationToken) =>
        ValueTask.FromResult(entries.TryDequeue(out var entry) ? entry : KeypadEntry.HangUp);
}
