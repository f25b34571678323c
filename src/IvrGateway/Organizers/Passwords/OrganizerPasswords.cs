using System.Security.Cryptography;
using System.Text;
using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace IvrGateway.Organizers.Passwords;

/// <summary>
/// Portal passwords: hashed with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>, set through one-use links
/// whose token names the organizer (<c>org_…~secret</c>) and is stored only as a digest (and encrypted, for the mail), and
/// guarded by a lockout that counts wrong passwords per account from any address.
/// </summary>
public sealed class OrganizerPasswords(OrganizerStore store, IPasswordPageAddress page, IAccountMail mail, SecretProtector protector,
    SecurityEventLog securityEvents, IOptions<SignInOptions> options, TimeProvider time)
{
    public static readonly TimeSpan NewAccountLinkLifetime = TimeSpan.FromDays(3);

    private const char Separator = '~';
    private static readonly PasswordHasher<Organizer> Hasher = new();
    // Verifying against this costs what a real check costs, so an unknown address answers in the same time.
    private static readonly string DecoyHash = Hasher.HashPassword(null!, Ids.Token());

    public TimeSpan ResetLinkLifetime => options.Value.ResetLinkLifetime;

    /// <summary>
    /// A new one-use link to set the password (replacing any earlier link), valid for <paramref name="lifetime"/>, and the
    /// mail that carries it. The mail is queued first (outbox-first): it is sent only if this link is still the one in force.
    /// </summary>
    public async Task<string> NewLinkAsync(Organizer organizer, TimeSpan lifetime, PasswordLinkPurpose purpose, CancellationToken ct)
    {
        var token = organizer.Id + Separator + Ids.Token();
        var digest = Digest(token);
        var now = time.GetUtcNow();
        await mail.PasswordLinkAsync(organizer, digest, purpose, now, ct);
        await store.SavePasswordLinkAsync(organizer.Id, new StoredPasswordLink(digest, protector.Protect(token), (now + lifetime).ToUnixTimeMilliseconds()),
            lifetime, ct);
        return page.SetPasswordUrl(token);
    }

    /// <summary>
    /// Forgotten password: a reset link mailed to the account with this address, if there is one and it is not disabled.
    /// The caller answers the same either way.
    /// </summary>
    public async Task ForgotAsync(string email, CancellationToken ct)
    {
        if (await store.FindByEmailAsync(email, ct) is { IsDisabled: false } organizer)
        {
            await NewLinkAsync(organizer, ResetLinkLifetime, PasswordLinkPurpose.Reset, ct);
        }
    }

    /// <summary>The set-password URL of the link in force with this digest, for the mail that carries it; null once it is used, replaced or expired.</summary>
    public async Task<string?> LinkForMailAsync(string organizerId, string linkDigest, CancellationToken ct)
    {
        var link = await store.GetPasswordLinkAsync(organizerId, ct);
        if (link is null || link.Digest != linkDigest || link.ExpiresAt <= time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            return null;
        }
        return page.SetPasswordUrl(protector.Unprotect(link.TokenProtected));
    }

    /// <summary>Whether the token is a link in force (the page shows the form only then).</summary>
    public async Task<bool> IsLinkInForceAsync(string? token, CancellationToken ct)
    {
        if (Parse(token) is not var (id, _))
        {
            return false;
        }
        var link = await store.GetPasswordLinkAsync(id, ct);
        return link is not null && link.ExpiresAt > time.GetUtcNow().ToUnixTimeMilliseconds()
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(link.Digest), Encoding.ASCII.GetBytes(Digest(token!)));
    }

    /// <summary>
    /// Sets the password through a link, which is used up; sign-in is unlocked with it. A reset (an account that had a
    /// password) is a security event the organizer is told of. Null when the link is unknown, used or expired.
    /// </summary>
    public async Task<string?> SetWithLinkAsync(string? token, string password, CancellationToken ct)
    {
        if (Parse(token) is not var (id, _) || await store.GetAsync(id, ct) is not { IsDisabled: false } organizer)
        {
            return null;
        }
        var now = time.GetUtcNow();
        if (!await store.TryUsePasswordLinkAsync(id, Digest(token!), now, ct))
        {
            return null;
        }
        if (!await store.SavePasswordHashAsync(id, Hasher.HashPassword(organizer, password), ct))
        {
            return null;
        }
        if (organizer.PasswordHash is not null)
        {
            securityEvents.Record(SecurityEventKind.PasswordReset, now, callSid: null, caller: null, meetingId: null,
                $"organizer {id} set a new password through an emailed link; other portal sessions end", organizerId: id);
        }
        return id;
    }

    /// <summary>Sets the password of the demo account. False for an unknown or disabled one.</summary>
    public async Task<bool> SetAsync(string organizerId, string password, CancellationToken ct) =>
        await store.GetAsync(organizerId, ct) is { IsDisabled: false } organizer
        && await store.SavePasswordHashAsync(organizerId, Hasher.HashPassword(organizer, password), ct);

    /// <summary>
    /// A signed-in organizer changes the password: the current one must be right (a wrong one counts towards the lockout,
    /// so a borrowed session cannot guess it). Other sessions end at their next request; the organizer is told by mail.
    /// </summary>
    public async Task<PasswordChange> ChangeAsync(string organizerId, string current, string replacement, CancellationToken ct)
    {
        var organizer = await store.GetAsync(organizerId, ct);
        if (organizer is not { IsDisabled: false, PasswordHash: { } hash })
        {
            return PasswordChange.NoAccount;
        }
        var now = time.GetUtcNow();
        if (await store.SignInLockedUntilAsync(organizer.Id, organizer.Email, now, ct) is not null)
        {
            return PasswordChange.Locked;
        }
        if (Hasher.VerifyHashedPassword(organizer, hash, current) == PasswordVerificationResult.Failed)
        {
            return await RecordWrongAsync(organizer.Id, organizer.Email, now, ct) is null ? PasswordChange.WrongCurrent : PasswordChange.Locked;
        }
        if (!await store.SavePasswordHashAsync(organizerId, Hasher.HashPassword(organizer, replacement), ct))
        {
            return PasswordChange.NoAccount;
        }
        securityEvents.Record(SecurityEventKind.PasswordChanged, now, callSid: null, caller: null, meetingId: null,
            $"organizer {organizerId} changed its password; other portal sessions end", organizerId: organizerId);
        return PasswordChange.Changed;
    }

    /// <summary>
    /// Signs in with email and password. Disabled accounts and accounts without a password never sign in; a locked account
    /// refuses every password. An address without an account is counted and locked the same way, and costs the same hash check.
    /// </summary>
    public async Task<SignInOutcome> SignInAsync(string email, string password, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var organizer = await store.FindByEmailAsync(email, ct);
        var accountId = organizer?.Id;
        if (await store.SignInLockedUntilAsync(accountId, email, now, ct) is { } lockedUntil)
        {
            Hasher.VerifyHashedPassword(null!, DecoyHash, password);
            return new SignInOutcome.Locked(lockedUntil);
        }
        if (organizer is { IsDisabled: false, PasswordHash: { } hash })
        {
            var result = Hasher.VerifyHashedPassword(organizer, hash, password);
            if (result != PasswordVerificationResult.Failed)
            {
                if (result == PasswordVerificationResult.SuccessRehashNeeded)
                {
                    await store.SavePasswordHashAsync(organizer.Id, Hasher.HashPassword(organizer, password), ct);
                }
                await store.ForgetWrongPasswordsAsync(organizer.Id, ct);
                return new SignInOutcome.SignedIn(organizer);
            }
        }
        else
        {
            Hasher.VerifyHashedPassword(null!, DecoyHash, password);
        }
        return await RecordWrongAsync(accountId, email, now, ct) is { } until ? new SignInOutcome.Locked(until) : new SignInOutcome.Wrong();
    }

    private Task<DateTimeOffset?> RecordWrongAsync(string? organizerId, string email, DateTimeOffset now, CancellationToken ct)
    {
        var o = options.Value;
        return store.RecordWrongPasswordAsync(organizerId, email, now, o.MaxWrongPasswords, o.FailureWindow, o.Lock, ct);
    }

    /// <summary>A short digest of the stored hash: a session opened before a password change no longer matches it.</summary>
    public static string Stamp(Organizer organizer) =>
        organizer.PasswordHash is null ? "" : Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("ivr-portal-session\n" + organizer.PasswordHash)).AsSpan(0, 12));

    /// <summary>The organizer a well-formed link token names (check <see cref="IsLinkInForceAsync"/> first).</summary>
    public static string OrganizerOf(string token) => Parse(token)?.Id ?? "";

    private static (string Id, string Secret)? Parse(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return null;
        }
        var at = token.IndexOf(Separator, StringComparison.Ordinal);
        if (at <= 0 || at == token.Length - 1)
        {
            return null;
        }
        var id = token[..at];
        return id.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? (id, token[(at + 1)..]) : null;
    }

    // The digest covers the whole token (organizer id and secret), so a link names one account only.
    private static string Digest(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
