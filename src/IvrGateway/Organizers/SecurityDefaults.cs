using IvrGateway.Codes;

namespace IvrGateway.Organizers;

/// <summary>Settings &gt; Security: what a new meeting gets unless it says otherwise.</summary>
public sealed record SecurityDefaults(bool OneTimeAccessCode, PasscodeMode PasscodeMode, string? SharedPasscodeProtected)
{
    /// <summary>
    /// A new organizer's defaults: one-time codes, and a generated shared passcode, which the personal
    /// room (always on these defaults) uses too, so a fresh room is never open to anyone with its code.
    /// </summary>
    public static SecurityDefaults Initial(string roomPasscodeProtected) => new(true, PasscodeMode.Shared, roomPasscodeProtected);
}
