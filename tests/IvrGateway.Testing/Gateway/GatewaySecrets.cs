using System.Security.Cryptography;

namespace IvrGateway.Testing.Gateway;

/// <summary>The secrets the gateway was started with: fresh random ones for every run.</summary>
public sealed record GatewaySecrets(string AuthToken, string AdminApiKey, string OpsApiKey, string CodeSecret)
{
    public static GatewaySecrets New() => new(
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        "e2e-admin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        "e2e-ops-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
}
