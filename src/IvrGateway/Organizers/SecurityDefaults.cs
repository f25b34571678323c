using IvrGateway.Codes;

namespace IvrGateway.Organizers;

/// <summary>Settings &gt; Security: what a new meeting gets unless it says otherwise.</summary>
public sealed record SecurityDefaults(bool OneTimeAccessCode, PasscodeMode PasscodeMode, string? SharedPasscodeProtected)
{
    public static SecurityDefaults Initial { get; } = new(true, PasscodeMode.None, null);
}
