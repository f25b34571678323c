namespace IvrGateway.Testing.Gateway;

/// <summary>What the management API answers, as far as the tests read it.</summary>
public sealed record CreatedOrganizer(string Id, string Name, string Email, string ApiKey, string HostPin, string PersonalAccessCode, string PersonalRoomPasscode,
    string SetPasswordUrl);
