namespace IvrGateway.Voice.Steps;

/// <summary>What a caller typed, as the steps read it. Anything odd is simply not well formed.</summary>
internal static class Digits
{
    public const int MaxPasscodeLength = 16;

    public static bool IsEmpty(string? digits) => string.IsNullOrEmpty(digits);

    public static bool AreAll(string value, int maxLength) =>
        value.Length > 0 && value.Length <= maxLength && value.All(char.IsAsciiDigit);
}
