namespace IvrGateway.Infrastructure;

/// <summary>Caller numbers in logs keep the country code and last two digits only.</summary>
public static class CallerMask
{
    public static string Mask(string? number)
    {
        if (string.IsNullOrEmpty(number) || number.Length < 6 || !number.StartsWith('+'))
        {
            return number is "anonymous" or "unknown" ? number : "(hidden)";
        }
        return number[..2] + new string('*', number.Length - 4) + number[^2..];
    }
}
