namespace IvrGateway.Organizers;

/// <summary>
/// An organizer as stored. Secrets appear only hashed or encrypted. <see cref="ApiKeyHash"/> is the keyed hash of the one
/// API key in force (rotation replaces it); <see cref="PasswordHash"/> is ASP.NET Core Identity's hash of the portal password (null until
/// the organizer sets one through their link); <see cref="Phone"/> is the E.164 number Start's Call me rings; a disabled organizer keeps its record, with no key and no host PIN.
/// </summary>
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
    SecurityDefaults Security,
    string? ApiKeyHash = null,
    DateTimeOffset? DisabledAt = null,
    string? PasswordHash = null,
    string? Phone = null)
{
    public bool IsDisabled => DisabledAt is not null;
}
