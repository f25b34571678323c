using Microsoft.Extensions.Options;

namespace IvrGateway.Organizers.Passwords;

/// <summary>
/// <c>Portal:SignIn:*</c>: the account lockout (stored in Redis, so it holds on every node and from every address) and the
/// lifetime of a forgotten-password link. The per-address and per-account request rates are <c>RateLimits:*</c>.
/// </summary>
public sealed class SignInOptions
{
    public const string SectionName = "Portal:SignIn";

    /// <summary>Wrong passwords for one account within <see cref="FailureWindowMinutes"/> that lock it.</summary>
    public int MaxWrongPasswords { get; set; } = 5;

    public int FailureWindowMinutes { get; set; } = 15;

    /// <summary>How long a locked account refuses every password (a reset through the emailed link unlocks it at once).</summary>
    public int LockMinutes { get; set; } = 15;

    /// <summary>How long a forgotten-password link works (once).</summary>
    public int ResetLinkMinutes { get; set; } = 60;

    internal TimeSpan FailureWindow => TimeSpan.FromMinutes(FailureWindowMinutes);

    internal TimeSpan Lock => TimeSpan.FromMinutes(LockMinutes);

    internal TimeSpan ResetLinkLifetime => TimeSpan.FromMinutes(ResetLinkMinutes);
}

internal sealed class SignInOptionsValidator : IValidateOptions<SignInOptions>
{
    public ValidateOptionsResult Validate(string? name, SignInOptions o)
    {
        var failures = new List<string>();
        Check(o.MaxWrongPasswords, 1, 1000, nameof(SignInOptions.MaxWrongPasswords));
        Check(o.FailureWindowMinutes, 1, 1440, nameof(SignInOptions.FailureWindowMinutes));
        Check(o.LockMinutes, 1, 1440, nameof(SignInOptions.LockMinutes));
        Check(o.ResetLinkMinutes, 5, 1440, nameof(SignInOptions.ResetLinkMinutes));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Check(int value, int min, int max, string key)
        {
            if (value < min || value > max)
            {
                failures.Add($"{SignInOptions.SectionName}:{key} must be between {min} and {max}.");
            }
        }
    }
}
