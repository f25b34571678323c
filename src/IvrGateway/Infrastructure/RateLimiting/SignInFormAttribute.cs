namespace IvrGateway.Infrastructure.RateLimiting;

/// <summary>
/// Marks a page or endpoint whose POST is a sign-in form: its posts are limited per client address
/// and per account (<see cref="RateLimitOptions.SignInPerAddress"/>, <see cref="RateLimitOptions.SignInPerAccount"/>).
/// The account is <paramref name="account"/> alone (one shared key, as the ops sign-in has), or that name and the value of
/// the posted <see cref="AccountField"/> (the email a portal sign-in names).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class SignInFormAttribute(string account) : Attribute
{
    public string Account { get; } = account;

    /// <summary>The form field that names the account (e.g. <c>email</c>), or null when <see cref="Account"/> is the account.</summary>
    public string? AccountField { get; init; }
}
