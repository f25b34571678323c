namespace IvrGateway.Testing.Gateway;

/// <summary>What the management API answers, as far as the tests read it.</summary>
public sealed record Conference(
    string Id, DateTimeOffset Start, string TimeZone, string AccessCode, DateTimeOffset ActiveFrom, string PasscodeMode, string? SharedPasscode,
    List<Invitation> Invitations)
{
    public string PasscodeOf(string name) => Invitations.Single(i => i.Name == name).Passcode
        ?? throw new InvalidOperationException($"The invitation of {name} has no passcode.");
}
