using System.Security.Cryptography;

namespace IvrGateway.Codes;

/// <summary>Random digit strings from the operating system's CSPRNG.</summary>
public static class DigitStrings
{
    /// <summary>
    /// Each digit is drawn with <see cref="RandomNumberGenerator.GetInt32(int)"/>, which rejects
    /// out-of-range values instead of taking a remainder, so no digit is more likely than another.
    /// </summary>
    public static string Random(int length)
    {
        Span<char> digits = stackalloc char[length];
        for (var i = 0; i < length; i++)
        {
            digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        }
        return new string(digits);
    }

    /// <summary>A random string of <paramref name="length"/> digits that no weak-pattern rule refuses.</summary>
    public static string RandomStrong(int length)
    {
        while (true)
        {
            var candidate = Random(length);
            if (!WeakPatterns.IsWeak(candidate))
            {
                return candidate;
            }
        }
    }

    public static bool IsDigits(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return value.Length > 0;
    }
}
