namespace IvrGateway.Codes;

/// <summary>
/// The Verhoeff check digit: catches every single-digit error and every adjacent transposition,
/// so a mistyped access code is told apart from a wrong one without a lookup.
/// </summary>
public static class Verhoeff
{
    private static readonly byte[,] Multiplication =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
        { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 },
        { 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 },
        { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 },
        { 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 },
        { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
        { 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 },
        { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 },
        { 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 },
        { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
    };

    private static readonly byte[,] Permutation =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
        { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 },
        { 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 },
        { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 },
        { 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 },
        { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
        { 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 },
        { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 },
    };

    private static readonly byte[] Inverse = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

    /// <summary>The digit to append to <paramref name="digits"/>.</summary>
    public static char CheckDigit(ReadOnlySpan<char> digits)
    {
        var c = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            c = Multiplication[c, Permutation[(i + 1) % 8, Digit(digits[digits.Length - 1 - i])]];
        }
        return (char)('0' + Inverse[c]);
    }

    /// <summary>True when the last digit of <paramref name="digitsWithCheck"/> is its Verhoeff check digit.</summary>
    public static bool IsValid(ReadOnlySpan<char> digitsWithCheck)
    {
        if (digitsWithCheck.Length < 2)
        {
            return false;
        }
        var c = 0;
        for (var i = 0; i < digitsWithCheck.Length; i++)
        {
            var ch = digitsWithCheck[digitsWithCheck.Length - 1 - i];
            if (ch is < '0' or > '9')
            {
                return false;
            }
            c = Multiplication[c, Permutation[i % 8, ch - '0']];
        }
        return c == 0;
    }

    private static int Digit(char ch) =>
        ch is >= '0' and <= '9' ? ch - '0' : throw new ArgumentException("Only the digits 0-9 have a Verhoeff check digit.", nameof(ch));
}
