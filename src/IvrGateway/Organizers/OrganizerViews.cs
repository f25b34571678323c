using IvrGateway.Codes;

namespace IvrGateway.Organizers;

internal sealed record OrganizerProfile(string Id, string Name, string Email, string TimeZone, string HostPin, string PersonalAccessCode, SecuritySettings Security,
    string? PersonalRoomPasscode);

internal sealed record SecuritySettings(bool OneTimeAccessCode, PasscodeMode PasscodeMode, string? SharedPasscode);
