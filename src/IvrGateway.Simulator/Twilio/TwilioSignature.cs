using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace IvrGateway.Simulator.Twilio;

/// <summary>Computes <c>X-Twilio-Signature</c> the way Twilio does for a given auth token.</summary>
public sealed class TwilioSignature(string authToken)
{
    private readonly byte[] key = Encoding.UTF8.GetBytes(authToken);

    /// <param name="url">The full URL requested, scheme to the end of the query string.</param>
    /// <param name="postFields">The decoded form fields; none for a GET.</param>
    public string Compute(string url, IEnumerable<KeyValuePair<string, string>> postFields)
    {
        var fields = postFields.ToArray();
        // Ordinal order, as Twilio sorts: CallSid < CallStatus < Caller, which culture-aware sorting gets wrong.
        Array.Sort(fields, static (left, right) =>
        {
            var byName = string.CompareOrdinal(left.Key, right.Key);
            return byName != 0 ? byName : string.CompareOrdinal(left.Value, right.Value);
        });

        var text = new StringBuilder(url, 1024);
        foreach (var (name, value) in fields)
        {
            text.Append(name).Append(value);
        }

        var signed = text.ToString();
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(signed.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(signed, buffer);
            Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
            // SHA-1 is Twilio's protocol, not a choice made here.
#pragma warning disable CA5350
            HMACSHA1.HashData(key, buffer.AsSpan(0, length), hash);
#pragma warning restore CA5350
            return Convert.ToBase64String(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The signature of one request: for callers that sign a single request, such as tests forging or replaying one.</summary>
    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>> postFields) =>
        new TwilioSignature(authToken).Compute(url, postFields);

    /// <summary>The URL string Twilio signs: no fragment, and no port when it is the scheme's default.</summary>
    public static string SignedUrl(Uri url) =>
        url.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);
}
