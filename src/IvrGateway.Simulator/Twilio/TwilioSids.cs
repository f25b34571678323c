using System.Buffers;
using System.Security.Cryptography;

namespace IvrGateway.Simulator.Twilio;

/// <summary>Twilio resource identifiers: a two-letter prefix and 32 lowercase hex digits.</summary>
public static class TwilioSids
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public static string NewAccountSid() => New("AC");

    public static string NewCallSid() => New("CA");

    public static string NewConferenceSid() => New("CF");

    public static bool IsCallSid(string text) =>
        text.Length == 34 && text.StartsWith("CA", StringComparison.Ordinal) && !text.AsSpan(2).ContainsAnyExcept(HexDigits);

    private static string New(string prefix) => prefix + RandomNumberGenerator.GetHexString(32, lowercase: true);
}
