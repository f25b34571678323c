using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace IvrGateway.Codes;

/// <summary>
/// The Data Protection key ring sits in Redis beside the secrets it encrypts (meeting codes,
/// passcodes, host PINs). Each key is stored encrypted with AES-256-GCM under a key derived from
/// <c>Gateway:CodeSecret</c> by HKDF with a label of its own, so read access to Redis alone decrypts
/// nothing, and every node (and a fresh one) with the configured secret reads the ring.
/// </summary>
internal static class KeyRingEncryption
{
    private const string Label = "IvrGateway data-protection key ring v1";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static IServiceCollection AddKeyRingEncryption(this IServiceCollection services)
    {
        // Derived at the first encryption, not here: reading the options here would fail the start on a
        // missing code secret before the start-up validation could name every missing key at once.
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<CodeSecretOptions>>((o, secret) =>
            o.XmlEncryptor = new KeyRingEncryptor(new Lazy<byte[]>(() => DeriveKey(secret.Value))));
        return services;
    }

    internal static byte[] DeriveKey(CodeSecretOptions secret) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret.KeyBytes(), 32, salt: [], info: Encoding.UTF8.GetBytes(Label));

    internal static XElement Encrypt(byte[] key, XElement plaintext)
    {
        var clear = Encoding.UTF8.GetBytes(plaintext.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[NonceSize + clear.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(nonce, clear, sealedBytes.AsSpan(NonceSize, clear.Length), sealedBytes.AsSpan(NonceSize + clear.Length), Encoding.UTF8.GetBytes(Label));
        }
        CryptographicOperations.ZeroMemory(clear);
        return new XElement("encryptedKey",
            new XComment(" AES-256-GCM under a key derived from Gateway:CodeSecret (HKDF-SHA256) "),
            new XElement("value", Convert.ToBase64String(sealedBytes)));
    }

    internal static XElement Decrypt(byte[] key, XElement encrypted)
    {
        var sealedBytes = Convert.FromBase64String((string?)encrypted.Element("value") ?? throw new CryptographicException("The key ring entry has no value."));
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The key ring entry is too short.");
        }
        var length = sealedBytes.Length - NonceSize - TagSize;
        var clear = new byte[length];
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, length), sealedBytes.AsSpan(NonceSize + length), clear, Encoding.UTF8.GetBytes(Label));
        }
        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(clear));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clear);
        }
    }
}

internal sealed class KeyRingEncryptor(Lazy<byte[]> key) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(KeyRingEncryption.Encrypt(key.Value, plaintextElement), typeof(KeyRingDecryptor));
}

/// <summary>Created by Data Protection from the type name stored with each key, through this constructor.</summary>
internal sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) =>
        KeyRingEncryption.Decrypt(KeyRingEncryption.DeriveKey(services.GetRequiredService<IOptions<CodeSecretOptions>>().Value), encryptedElement);
}
