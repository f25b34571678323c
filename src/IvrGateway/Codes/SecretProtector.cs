using Microsoft.AspNetCore.DataProtection;

namespace IvrGateway.Codes;

/// <summary>
/// Encrypts the secrets an organizer must be able to read again (meeting access codes,
/// passcodes, the host PIN). The key ring lives in Redis, so every node can decrypt.
/// </summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("IvrGateway.Codes.v1");

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string protectedSecret) => protector.Unprotect(protectedSecret);
}
