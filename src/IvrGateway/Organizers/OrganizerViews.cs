using IvrGateway.Codes;

namespace IvrGateway.Organizers;

internal sealed record OrganizerProfile(string Id, string Name, string Email, string TimeZone, string HostPin, string PersonalAccessCode, SecuritySettings Security,
    string? PersonalRoomPasscode, string? Phone = null);

internal sealed record SecuritySettings(bool OneTimeAccessCode, PasscodeMode PasscodeMode, string? SharedPasscode);

/// <summary>A rotated API key in clear: the only time it is shown.</summary>
internal sealed record RotatedApiKey(string ApiKey);

/// <summary>A rotated host PIN in clear: shown now, and to the organizer in <c>GET /api/v1/me</c>.</summary>
internal sealed record RotatedHostPin(string HostPin);
