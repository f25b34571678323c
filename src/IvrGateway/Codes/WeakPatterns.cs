namespace IvrGateway.Codes;

/// <summary>
/// Digit strings a person would guess first. Never issued as a code or PIN, and refused as a
/// shared passcode.
/// </summary>
public static class WeakPatterns
{
    // Keypad shapes people pick because they are easy to type.
    private static readonly HashSet<string> KeypadShapes = new(StringComparer.Ordinal)
    {
        "2580", "0852", "1470", "0741", "3690", "0963", "1379", "9731", "7913", "3197",
        "147258369", "258147369", "159357", "123654", "147852", "1590", "7530",
    };

    /// <summary>Why <paramref name="digits"/> is too easy to guess, or null when it is not.</summary>
    public static string? Reason(string digits)
    {
        if (digits.Length == 0)
        {
            return "it is empty";
        }
        if (digits.All(c => c == digits[0]))
        {
            return "it repeats one digit";
        }
        if (IsRun(digits, +1) || IsRun(digits, -1))
        {
            return "it is a run of consecutive digits";
        }
        for (var period = 2; period <= digits.Length / 2; period++)
        {
            if (digits.Length % period == 0 && IsRepetition(digits, period))
            {
                return "it repeats a short group of digits";
            }
        }
        if (KeypadShapes.Contains(digits))
        {
            return "it is a straight line on the keypad";
        }
        if (digits.Length >= 4 && digits.Distinct().Count() <= 2 && digits.Length <= 6)
        {
            return "it uses only one or two different digits";
        }
        return null;
    }

    public static bool IsWeak(string digits) => Reason(digits) is not null;

    // 0123456789 and 9876543210, wrapping (7890123) because it is typed the same way.
    private static bool IsRun(string digits, int step)
    {
        for (var i = 1; i < digits.Length; i++)
        {
            if ((digits[i - 1] - '0' + step + 10) % 10 != digits[i] - '0')
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsRepetition(string digits, int period)
    {
        for (var i = period; i < digits.Length; i++)
        {
            if (digits[i] != digits[i - period])
            {
                return false;
            }
        }
        return true;
    }
}
