using System.Security.Cryptography;
using System.Text;

namespace IvrGateway.IntegrationTests.Support;

/// <summary>Signs a request the way Twilio does: HMAC-SHA1 over the URL and the ordinally sorted fields.</summary>
public static class TwilioSignature
{
    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }
}
