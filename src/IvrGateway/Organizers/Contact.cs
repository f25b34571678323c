namespace IvrGateway.Organizers;

/// <summary>An entry of an organizer's address book.</summary>
public sealed record Contact(string Id, string Name, string Email, string? Phone, DateTimeOffset CreatedAt);
