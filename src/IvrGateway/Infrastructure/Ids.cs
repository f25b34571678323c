using System.Security.Cryptography;

namespace IvrGateway.Infrastructure;

/// <summary>Random identifiers and tokens. Ids are not secrets but are unguessable anyway.</summary>
public static class Ids
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string New(string prefix, int length = 16) => prefix + "_" + RandomNumberGenerator.GetString(Alphabet, length);

    /// <summary>256 bits, URL-safe: for join links and API keys.</summary>
    public static string Token(int bytes = 32) => Base64UrlEncode(RandomNumberGenerator.GetBytes(bytes));

    private static string Base64UrlEncode(byte[] data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
