namespace IvrGateway.Organizers;

/// <summary>A new account with its secrets in clear: the only time they are shown. <c>SetPasswordUrl</c> opens the portal once.</summary>
public sealed record CreatedOrganizer(string Id, string Name, string Email, string TimeZone, string ApiKey, string HostPin, string PersonalAccessCode,
    string PersonalRoomPasscode, string SetPasswordUrl);
