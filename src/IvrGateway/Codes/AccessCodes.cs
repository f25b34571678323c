namespace IvrGateway.Codes;

/// <summary>Access codes: nine random digits and a Verhoeff check digit.</summary>
public static class AccessCodes
{
    public const int RandomDigits = 9;
    public const int Length = RandomDigits + 1;

    public static string Generate()
    {
        while (true)
        {
            var body = DigitStrings.Random(RandomDigits);
            var code = body + Verhoeff.CheckDigit(body);
            // Both the random part and the whole code must look random to a person.
            if (!WeakPatterns.IsWeak(body) && !WeakPatterns.IsWeak(code))
            {
                return code;
            }
        }
    }

    /// <summary>Ten digits whose check digit holds: worth a lookup.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> digits) =>
        digits.Length == Length && DigitStrings.IsDigits(digits) && Verhoeff.IsValid(digits);
}

/// <summary>Passcodes and host PINs.</summary>
public static class Passcodes
{
    public const int UniqueLength = 6;
    public const int HostPinLength = 6;
    public const int SharedMinLength = 4;
    public const int SharedMaxLength = 12;

    public static string NewHostPin() => DigitStrings.RandomStrong(HostPinLength);

    /// <summary><paramref name="count"/> distinct six-digit passcodes, none weak.</summary>
    public static IReadOnlyList<string> NewUnique(int count)
    {
        var issued = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>(count);
        while (result.Count < count)
        {
            var passcode = DigitStrings.RandomStrong(UniqueLength);
            if (issued.Add(passcode))
            {
                result.Add(passcode);
            }
        }
        return result;
    }

    /// <summary>Why an organizer-chosen shared passcode is refused, or null when it is acceptable.</summary>
    public static string? SharedPasscodeProblem(string? passcode)
    {
        if (string.IsNullOrEmpty(passcode))
        {
            return "A shared passcode is required when passcodeMode is shared.";
        }
        if (!DigitStrings.IsDigits(passcode))
        {
            return "The shared passcode may contain only the digits 0-9 (callers type it on a keypad).";
        }
        if (passcode.Length is < SharedMinLength or > SharedMaxLength)
        {
            return $"The shared passcode must be {SharedMinLength} to {SharedMaxLength} digits long.";
        }
        var weak = WeakPatterns.Reason(passcode);
        return weak is null ? null : $"The shared passcode is too easy to guess: {weak}.";
    }
}
