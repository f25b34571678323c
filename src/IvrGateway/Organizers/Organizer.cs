using IvrGateway.Codes;

namespace IvrGateway.Organizers;

/// <summary>An organizer as stored. Secrets appear only hashed or encrypted.</summary>
public sealed record Organizer(
    string Id,
    string Name,
    string Email,
    string TimeZone,
    DateTimeOffset CreatedAt,
    string HostPinHash,
    string HostPinProtected,
    string PersonalSlotId,
    string PersonalAccessCodeProtected,
    SecurityDefaults Security);

/// <summary>Settings &gt; Security: what a new meeting gets unless it says otherwise.</summary>
public sealed record SecurityDefaults(bool OneTimeAccessCode, PasscodeMode PasscodeMode, string? SharedPasscodeProtected)
{
    public static SecurityDefaults Initial { get; } = new(true, PasscodeMode.None, null);
}

public sealed record Contact(string Id, string Name, string Email, string? Phone, DateTimeOffset CreatedAt);
