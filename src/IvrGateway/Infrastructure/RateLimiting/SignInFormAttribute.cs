namespace IvrGateway.Infrastructure.RateLimiting;

/// <summary>
/// Marks a page or endpoint whose POST is a sign-in form: its posts are limited per client address
/// and per <paramref name="account"/> (<see cref="RateLimitOptions.SignInPerAddress"/>, <see cref="RateLimitOptions.SignInPerAccount"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class SignInFormAttribute(string account) : Attribute
{
    public string Account { get; } = account;
}
