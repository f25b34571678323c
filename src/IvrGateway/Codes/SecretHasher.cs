using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace IvrGateway.Codes;

/// <summary>
/// Keyed hashes (HMAC-SHA256 under <c>Gateway:CodeSecret</c>) by which secrets are stored and
/// looked up. Each kind of secret has its own domain label, and passcodes and PINs are bound to
/// their meeting or organizer, so equal digits in two places hash differently.
/// </summary>
public sealed class SecretHasher(IOptions<CodeSecretOptions> options)
{
    private readonly byte[] key = options.Value.KeyBytes();

    /// <summary>The hash tag of an access code's Redis slot (128 bits, hex).</summary>
    public string SlotId(string accessCode) => Hash("access", accessCode)[..32];

    public string Passcode(string slotId, string passcode) => Hash("passcode", slotId + "|" + passcode);

    public string HostPin(string organizerId, string pin) => Hash("host-pin", organizerId + "|" + pin);

    public string ApiKey(string apiKey) => Hash("api-key", apiKey);

    public string JoinToken(string token) => Hash("join", token)[..40];

    private string Hash(string domain, string value)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(domain + "\n" + value), mac);
        return Convert.ToHexStringLower(mac);
    }
}
