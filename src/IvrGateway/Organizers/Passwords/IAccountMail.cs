namespace IvrGateway.Organizers.Passwords;

/// <summary>Why a password link is mailed: a new account's welcome, or a forgotten password.</summary>
public enum PasswordLinkPurpose
{
    Welcome,
    Reset,
}

/// <summary>
/// Queues the mail that carries a password link (the portal implements it with the durable outbox; Organizers knows no
/// mail). The message names the link by its digest, never its token: at send time it is printed only if that link is
/// still the one in force.
/// </summary>
public interface IAccountMail
{
    Task PasswordLinkAsync(Organizer organizer, string linkDigest, PasswordLinkPurpose purpose, DateTimeOffset now, CancellationToken ct);
}
