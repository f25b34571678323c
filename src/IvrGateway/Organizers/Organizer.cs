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
