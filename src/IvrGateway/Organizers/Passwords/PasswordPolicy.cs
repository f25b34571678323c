namespace IvrGateway.Organizers.Passwords;

/// <summary>What a portal password must be: long enough, and not one that attackers try first.</summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 10;

    public const int MaximumLength = 128;

    /// <summary>Why this password is refused, in words for the form; null when it is acceptable.</summary>
    public static string? Problem(string? password, string? email)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "Enter a password.";
        }
        if (password.Length < MinimumLength)
        {
            return $"Use at least {MinimumLength} characters.";
        }
        if (password.Length > MaximumLength)
        {
            return $"Use at most {MaximumLength} characters.";
        }
        if (CommonPasswords.Contains(password))
        {
            return "This password is one of the most common ones; choose another.";
        }
        if (email is not null && password.Contains(OrganizerStore.NormalizeEmail(email).Split('@')[0], StringComparison.OrdinalIgnoreCase)
            && OrganizerStore.NormalizeEmail(email).Split('@')[0].Length >= 4)
        {
            return "Do not build the password from your email address.";
        }
        return null;
    }
}
