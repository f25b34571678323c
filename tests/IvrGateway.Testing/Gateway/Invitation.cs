namespace IvrGateway.Testing.Gateway;

/// <summary>What the management API answers, as far as the tests read it.</summary>
public sealed record Invitation(string ContactId, string Name, string? Passcode, string? DialString, string? JoinUrl = null);
