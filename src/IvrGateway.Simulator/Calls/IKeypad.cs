namespace IvrGateway.Simulator.Calls;

/// <summary>Where the caller's keys come from when a <c>&lt;Gather&gt;</c> listens.</summary>
public interface IKeypad
{
    ValueTask<KeypadEntry> NextEntryAsync(GatherPrompt prompt, CancellationToken cancellationToken);
}

/// <summary>What the listening <c>&lt;Gather&gt;</c> expects, so an interactive keypad can say so.</summary>
public sealed record GatherPrompt(string FinishOnKey, int? NumDigits, TimeSpan Timeout);

public enum KeypadAction
{
    Press,
    Silence,
    HangUp,
}

/// <summary>One answer to a <c>&lt;Gather&gt;</c>: keys pressed, silence until the timeout, or hanging up.</summary>
public sealed record KeypadEntry
{
    private KeypadEntry(KeypadAction action, string keys)
    {
        Action = action;
        Keys = keys;
    }

    public static KeypadEntry Silence { get; } = new(KeypadAction.Silence, "");

    public static KeypadEntry HangUp { get; } = new(KeypadAction.HangUp, "");

    public KeypadAction Action { get; }

    public string Keys { get; }

    public static KeypadEntry Press(string keys)
    {
        if (keys.Length == 0 || !keys.All(IsKey))
        {
            throw new FormatException($"\"{keys}\" is not a keypad entry: use the keys 0-9, * and #, or - for no input.");
        }
        return new(KeypadAction.Press, keys);
    }

    /// <summary>Reads a scripted entry: keys such as <c>1234567890#</c>, or <c>-</c> or empty for silence.</summary>
    public static KeypadEntry Parse(string text)
    {
        var trimmed = text.Trim();
        return trimmed is "" or "-" ? Silence : Press(trimmed);
    }

    private static bool IsKey(char key) => char.IsAsciiDigit(key) || key is '*' or '#';
}
