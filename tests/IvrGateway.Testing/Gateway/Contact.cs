namespace IvrGateway.Testing.Gateway;

/// <summary>What the management API answers, as far as the tests read it.</summary>
public sealed record Contact(string Id, string Name);
