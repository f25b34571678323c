namespace IvrGateway.Organizers;

/// <summary>
/// An entry of an organizer's address book. <see cref="Locale"/> picks the language of the mail they get (en-US when unset);
/// <see cref="TimeZone"/> (IANA, optional) adds their own local time to it.
/// </summary>
public sealed record Contact(string Id, string Name, string Email, string? Phone, DateTimeOffset CreatedAt, string? Locale = null, string? TimeZone = null);
