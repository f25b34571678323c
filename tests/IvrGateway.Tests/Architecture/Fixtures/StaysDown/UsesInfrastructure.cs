namespace IvrGateway.Tests.Architecture.Fixtures.StaysDown;

/// <summary>A type that uses only Infrastructure, which the rule must let pass.</summary>
internal static class UsesInfrastructure
{
    public static string Masked() => IvrGateway.Infrastructure.CallerMask.Mask("+15551234567");
}
