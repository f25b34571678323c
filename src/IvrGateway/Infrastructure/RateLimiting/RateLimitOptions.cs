using Microsoft.Extensions.Options;

namespace IvrGateway.Infrastructure.RateLimiting;

/// <summary>
/// <c>RateLimits:*</c>: how many tries a client address (and an account) gets per window before it
/// is answered 429 with <c>Retry-After</c>. Limits are per node (in memory): with N nodes behind a
/// balancer an address gets at most N times the budget, which still turns guessing into a crawl.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Sign-in form posts (the ops dashboard) from one client address.</summary>
    public WindowLimit SignInPerAddress { get; set; } = new() { PermitLimit = 10, WindowSeconds = 300 };

    /// <summary>Sign-in form posts for one account, from any addresses.</summary>
    public WindowLimit SignInPerAccount { get; set; } = new() { PermitLimit = 30, WindowSeconds = 300 };

    /// <summary>Failed API-key authentications (wrong or malformed keys; right keys are not counted) from one client address.</summary>
    public WindowLimit ApiKeyFailuresPerAddress { get; set; } = new() { PermitLimit = 20, WindowSeconds = 300 };

    /// <summary>Log lines about wrong keys (API and sign-in), across all addresses; the rest are counted and the count logged.</summary>
    public WindowLimit WrongKeyLogLines { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };
}

public sealed class WindowLimit
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; }

    internal TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}

internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        Check(options.SignInPerAddress, nameof(RateLimitOptions.SignInPerAddress));
        Check(options.SignInPerAccount, nameof(RateLimitOptions.SignInPerAccount));
        Check(options.ApiKeyFailuresPerAddress, nameof(RateLimitOptions.ApiKeyFailuresPerAddress));
        Check(options.WrongKeyLogLines, nameof(RateLimitOptions.WrongKeyLogLines));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Check(WindowLimit? limit, string key)
        {
            if (limit is null || limit.PermitLimit is < 1 or > 100_000)
            {
                failures.Add($"{RateLimitOptions.SectionName}:{key}:PermitLimit must be between 1 and 100000.");
            }
            if (limit is null || limit.WindowSeconds is < 1 or > 86_400)
            {
                failures.Add($"{RateLimitOptions.SectionName}:{key}:WindowSeconds must be between 1 and 86400.");
            }
        }
    }
}
