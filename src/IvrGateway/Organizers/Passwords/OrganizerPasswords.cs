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
/// guarded by a lockout that counts password checks per account from any address (each taken before the check, all
/// forgotten on a right password).
/// </summary>
public sealed class OrganizerPasswords(OrganizerStore store, IPasswordPageAddress page, IAccountMail mail, SecretProtector protector,
    SecurityEventLog securityEvents, IPasswordHasher<Organizer> hasher, IOptions<SignInOptions> options, TimeProvider time)
{
    public static readonly TimeSpan NewAccountLinkLifetime = TimeSpan.FromDays(3);

    private const char Separator = '~';
    // Verifying against this costs what a real check costs, so an unknown address answers in the same time.
    private readonly string decoyHash = hasher.HashPassword(null!, Ids.Token());

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
        var hash = hasher.HashPassword(organizer, password);
        var hadPassword = false;
        var saved = await store.UpdateProfileAsync(id, o =>
        {
            hadPassword = o.PasswordHash is not null;
            return o.IsDisabled ? null : o with { PasswordHash = hash };
        }, ct);
        if (saved is null)
        {
            return null;
        }
        if (hadPassword)
        {
            securityEvents.Record(SecurityEventKind.PasswordReset, now, callSid: null, caller: null, meetingId: null,
                $"organizer {id} set a new password through an emailed link; other portal sessions end", organizerId: id);
        }
        return id;
    }

    /// <summary>Sets the password of the demo account. False for an unknown or disabled one.</summary>
    public async Task<bool> SetAsync(string organizerId, string password, CancellationToken ct)
    {
        if (await store.GetAsync(organizerId, ct) is not { IsDisabled: false } organizer)
        {
            return false;
        }
        var hash = hasher.HashPassword(organizer, password);
        return await store.UpdateProfileAsync(organizerId, o => o.IsDisabled ? null : o with { PasswordHash = hash }, ct) is not null;
    }

    /// <summary>
    /// A signed-in organizer changes the password: the current one must be right, and checking it takes a sign-in attempt
    /// first (so a borrowed session cannot guess it, not even with many guesses at once). The new password replaces only the
    /// one that was checked: a reset in between wins. Other sessions end at their next request; the organizer is told by mail.
    /// </summary>
    public async Task<PasswordChange> ChangeAsync(string organizerId, string current, string replacement, CancellationToken ct)
    {
        var organizer = await store.GetAsync(organizerId, ct);
        if (organizer is not { IsDisabled: false, PasswordHash: { } hash })
        {
            return PasswordChange.NoAccount;
        }
        var now = time.GetUtcNow();
        var attempt = await TakeAttemptAsync(organizer.Id, organizer.Email, now, ct);
        if (!attempt.Admitted)
        {
            return PasswordChange.Locked;
        }
        if (hasher.VerifyHashedPassword(organizer, hash, current) == PasswordVerificationResult.Failed)
        {
            return attempt.LockedUntil is null ? PasswordChange.WrongCurrent : PasswordChange.Locked;
        }
        await store.ForgetSignInAttemptsAsync(organizer.Id, attempt.LockedUntil is not null, ct);
        var replacementHash = hasher.HashPassword(organizer, replacement);
        var saved = await store.UpdateProfileAsync(organizerId, o => o.IsDisabled || o.PasswordHash != hash ? null : o with { PasswordHash = replacementHash }, ct);
        if (saved is null)
        {
            return await store.GetAsync(organizerId, ct) is { IsDisabled: false } ? PasswordChange.WrongCurrent : PasswordChange.NoAccount;
        }
        securityEvents.Record(SecurityEventKind.PasswordChanged, now, callSid: null, caller: null, meetingId: null,
            $"organizer {organizerId} changed its password; other portal sessions end", organizerId: organizerId);
        return PasswordChange.Changed;
    }

    /// <summary>
    /// Signs in with email and password. Disabled accounts and accounts without a password never sign in; a locked account
    /// refuses every password without checking it. An address without an account is counted and locked the same way, and
    /// costs the same hash check. The check is taken before the password is looked at (<see cref="OrganizerStore.TakeSignInAttemptAsync"/>).
    /// </summary>
    public async Task<SignInOutcome> SignInAsync(string email, string password, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var organizer = await store.FindByEmailAsync(email, ct);
        var attempt = await TakeAttemptAsync(organizer?.Id, email, now, ct);
        if (!attempt.Admitted)
        {
            // The answer says the account is locked whether or not the address has one, so no decoy check is needed, and a
            // flood of guesses at a locked account costs no hashing.
            return new SignInOutcome.Locked(attempt.LockedUntil!.Value);
        }
        if (organizer is { IsDisabled: false, PasswordHash: { } hash })
        {
            var result = hasher.VerifyHashedPassword(organizer, hash, password);
            if (result != PasswordVerificationResult.Failed)
            {
                await store.ForgetSignInAttemptsAsync(organizer.Id, attempt.LockedUntil is not null, ct);
                if (result == PasswordVerificationResult.SuccessRehashNeeded)
                {
                    // Only over the hash just checked: a password changed meanwhile is not replaced by this one.
                    var rehashed = hasher.HashPassword(organizer, password);
                    organizer = await store.UpdateProfileAsync(organizer.Id, o => o.PasswordHash == hash ? o with { PasswordHash = rehashed } : null, ct)
                        ?? organizer;
                }
                return new SignInOutcome.SignedIn(organizer);
            }
        }
        else
        {
            hasher.VerifyHashedPassword(null!, decoyHash, password);
        }
        return attempt.LockedUntil is { } until ? new SignInOutcome.Locked(until) : new SignInOutcome.Wrong();
    }

    private Task<SignInAttempt> TakeAttemptAsync(string? organizerId, string email, DateTimeOffset now, CancellationToken ct)
    {
        var o = options.Value;
        return store.TakeSignInAttemptAsync(organizerId, email, now, o.MaxWrongPasswords, o.FailureWindow, o.Lock, ct);
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
