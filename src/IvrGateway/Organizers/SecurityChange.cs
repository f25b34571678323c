namespace IvrGateway.Organizers;

public enum ChangeOutcome
{
    Saved,
    Invalid,
    NotFound,
}

/// <summary>Settings &gt; Security saved (<see cref="Defaults"/>), or why not: the field problem with the shared passcode, or no such organizer.</summary>
public sealed record SecurityChange(ChangeOutcome Outcome, SecurityDefaults? Defaults = null, string? SharedPasscodeProblem = null);
