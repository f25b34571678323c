namespace IvrGateway.Simulator.Calls;

/// <summary>
/// A caller at a person's pace: before each answer they hear the prompt and find the keys, then
/// answer as the inner keypad does. The think time really passes, so calls of a load run stay in
/// flight between their webhooks the way phone calls do.
/// </summary>
public sealed class PacedKeypad : IKeypad
{
    private readonly IKeypad inner;
    private readonly TimeSpan think;
    private readonly TimeProvider time;

    /// <param name="think">How long the caller takes before each answer; zero answers at once.</param>
    public PacedKeypad(IKeypad inner, TimeSpan think, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(think, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        this.inner = inner;
        this.think = think;
        this.time = time;
    }

    public async ValueTask<KeypadEntry> NextEntryAsync(GatherPrompt prompt, CancellationToken cancellationToken)
    {
        if (think > TimeSpan.Zero)
        {
            await Task.Delay(think, time, cancellationToken);
        }
        return await inner.NextEntryAsync(prompt, cancellationToken);
    }
}
