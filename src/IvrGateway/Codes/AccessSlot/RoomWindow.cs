namespace IvrGateway.Codes;

/// <summary>When a meeting held in a personal room is on, and whether its callers wait for the host.</summary>
public sealed record RoomWindow(DateTimeOffset From, DateTimeOffset Until, bool WaitForHost);
