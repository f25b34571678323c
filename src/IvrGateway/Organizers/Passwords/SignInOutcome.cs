namespace IvrGateway.Organizers.Passwords;

/// <summary>What a sign-in came to. Wrong and Locked read the same whether or not the address has an account.</summary>
public abstract record SignInOutcome
{
    private SignInOutcome()
    {
    }

    public sealed record SignedIn(Organizer Organizer) : SignInOutcome;

    public sealed record Wrong : SignInOutcome;

    /// <summary>Too many wrong passwords: every password is refused until <paramref name="Until"/> (or a reset through the emailed link).</summary>
    public sealed record Locked(DateTimeOffset Until) : SignInOutcome;
}

/// <summary>What changing the password came to.</summary>
public enum PasswordChange
{
    Changed,
    WrongCurrent,
    Locked,
    NoAccount,
}
