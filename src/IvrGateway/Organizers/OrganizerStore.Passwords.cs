using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Redis;
using IvrGateway.Organizers.Passwords;
using StackExchange.Redis;

namespace IvrGateway.Organizers;

/// <summary>
/// Sign-in data: the email index (<c>{e:…}</c>, one account per address), the one-use password links and the sign-in
/// lockout, which live in the organizer's own slot (the link's token names the organizer, so no index is needed to find
/// it). Wrong passwords for an address without an account are counted in that address's index slot.
/// </summary>
public sealed partial class OrganizerStore
{
    // The address is not a secret, but the index key needs no readable copy of it.
    private RedisKey EmailIndex(string email) => keys.Key("e:" + EmailDigest(email));

    private RedisKey PasswordLink(string organizerId) => keys.Key("o:" + organizerId, "passwordLink");

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>The account this email signs in to, if any.</summary>
    public async Task<Organizer?> FindByEmailAsync(string email, CancellationToken ct = default)
    {
        var claim = await redis.ReadAsync(EmailIndex(email), static (db, key) => db.StringGetAsync(key), ct);
        if (claim.IsNull)
        {
            return null;
        }
        var organizer = await GetAsync(EmailClaim.Parse(claim.ToString()).OrganizerId, ct);
        // An index entry whose account was never written (a crash between the two) or names another address leads nowhere.
        return organizer is not null && NormalizeEmail(organizer.Email) == NormalizeEmail(email) ? organizer : null;
    }

    /// <summary>
    /// How long a claim whose account is not written yet belongs to the creation that made it. Creating an account takes
    /// milliseconds; a claim this old without its account is a crash's orphan, and a new creation may take the address over.
    /// </summary>
    public static readonly TimeSpan EmailClaimGrace = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Claims the address for this account at <paramref name="now"/>; the claim as stored (to release it), or null when the
    /// address is taken: by an account, or by a creation still within <see cref="EmailClaimGrace"/> of its claim.
    /// </summary>
    private async Task<string?> TryClaimEmailAsync(string email, string organizerId, DateTimeOffset now, CancellationToken ct)
    {
        var key = EmailIndex(email);
        var claim = new EmailClaim(organizerId, now.ToUnixTimeMilliseconds()).ToString();
        // A few rounds: a holder seen may be released or replaced between the reads.
        for (var round = 0; round < 3; round++)
        {
            if (await redis.WriteAsync((key, claim), static (db, s) => db.StringSetAsync(s.key, s.claim, when: When.NotExists), ct))
            {
                return claim;
            }
            var holder = await redis.ReadAsync(key, static (db, k) => db.StringGetAsync(k), ct);
            if (holder.IsNull)
            {
                continue;
            }
            var held = EmailClaim.Parse(holder.ToString());
            // Without this wait, two creations at once both succeed: the second takes over the first's claim before the
            // first has written its account.
            if (now.ToUnixTimeMilliseconds() - held.ClaimedAt < (long)EmailClaimGrace.TotalMilliseconds || await GetAsync(held.OrganizerId, ct) is not null)
            {
                return null;
            }
            // Only the orphan seen above is replaced: a creation that claimed the address since keeps it.
            if (await redis.WriteAsync((key, claim, holder), static async (db, s) =>
                {
                    var tx = db.CreateTransaction();
                    tx.AddCondition(Condition.StringEqual(s.key, s.holder));
                    _ = tx.StringSetAsync(s.key, s.claim);
                    return await tx.ExecuteAsync();
                }, ct))
            {
                return claim;
            }
        }
        return null;
    }

    private async Task ReleaseEmailAsync(string email, string claim, CancellationToken ct) =>
        await redis.WriteAsync((Key: EmailIndex(email), claim), static async (db, s) =>
        {
            var tx = db.CreateTransaction();
            tx.AddCondition(Condition.StringEqual(s.Key, s.claim));
            _ = tx.KeyDeleteAsync(s.Key);
            return await tx.ExecuteAsync();
        }, ct);

    /// <summary>
    /// The email index's value: the account's id and when its creation claimed the address (<c>org_…|unix ms</c>). An entry
    /// written before claims carried their time holds the id alone: claimed long ago.
    /// </summary>
    private sealed record EmailClaim(string OrganizerId, long ClaimedAt)
    {
        private const char Separator = '|';

        public override string ToString() => OrganizerId + Separator + ClaimedAt.ToString(CultureInfo.InvariantCulture);

        public static EmailClaim Parse(string stored)
        {
            var at = stored.IndexOf(Separator, StringComparison.Ordinal);
            return at < 0 || !long.TryParse(stored.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                ? new EmailClaim(at < 0 ? stored : stored[..at], 0)
                : new EmailClaim(stored[..at], ms);
        }
    }

    /// <summary>Stores a new password link (replacing any earlier one) that works until <see cref="StoredPasswordLink.ExpiresAt"/>.</summary>
    internal async Task SavePasswordLinkAsync(string organizerId, StoredPasswordLink link, TimeSpan lifetime, CancellationToken ct = default)
    {
        var json = JsonSerializer.Serialize(link, PasswordJson.Default.StoredPasswordLink);
        // The stored end counts (on the gateway's clock); Redis expiry only collects the key, a little later.
        await redis.WriteAsync((Key: PasswordLink(organizerId), json, ttl: lifetime + TimeSpan.FromMinutes(5)),
            static (db, s) => db.StringSetAsync(s.Key, s.json, s.ttl), ct);
    }

    /// <summary>The password link in force (it may have expired: compare <see cref="StoredPasswordLink.ExpiresAt"/>), or null.</summary>
    internal async Task<StoredPasswordLink?> GetPasswordLinkAsync(string organizerId, CancellationToken ct = default)
    {
        var stored = await redis.ReadAsync(PasswordLink(organizerId), static (db, k) => db.StringGetAsync(k), ct);
        return stored.IsNull ? null : JsonSerializer.Deserialize(stored.ToString(), PasswordJson.Default.StoredPasswordLink);
    }

    /// <summary>
    /// Uses up the password link with this digest: true once, for the link in force and unexpired, and sign-in is unlocked in
    /// the same step. A wrong digest leaves the link in force (a guess cannot cancel the organizer's link).
    /// </summary>
    internal async Task<bool> TryUsePasswordLinkAsync(string organizerId, string tokenDigest, DateTimeOffset now, CancellationToken ct = default)
    {
        var tag = "o:" + organizerId;
        var result = await UseLinkScript.WriteAsync(redis, [PasswordLink(organizerId), keys.Key(tag, SignInAttemptsName), keys.Key(tag, SignInLockName)],
            new UsePasswordLinkArgs(tokenDigest, now.ToUnixTimeMilliseconds()), ct);
        return result.Used;
    }

    /// <summary>
    /// Takes one password check for this account (in the organizer's slot), or for an address without an account (in the
    /// address's index slot, so the answers cannot tell the two apart), before the password is looked at: guesses in flight
    /// at once cannot outrun the limit. Refused while the lock holds; the check that reaches the limit is still made but
    /// sets the lock (a right password then forgets it, <see cref="ForgetSignInAttemptsAsync"/>).
    /// </summary>
    internal async Task<SignInAttempt> TakeSignInAttemptAsync(string? organizerId, string email, DateTimeOffset now, int limit, TimeSpan window,
        TimeSpan lockFor, CancellationToken ct = default)
    {
        var tag = SignInTag(organizerId, email);
        var result = await SignInAttemptScript.WriteAsync(redis, [keys.Key(tag, SignInAttemptsName), keys.Key(tag, SignInLockName)],
            new SignInAttemptArgs(now.ToUnixTimeMilliseconds(), Ids.Token(9), limit, (long)window.TotalMilliseconds, (long)lockFor.TotalMilliseconds), ct);
        return new SignInAttempt(result.Admitted, result.LockedUntil > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(result.LockedUntil) : null);
    }

    /// <summary>
    /// A right password forgets the checks before it, and the lock only when its own check set it: a lock that guesses in
    /// flight beside it set stays, or a right password would hand the guesser a fresh budget.
    /// </summary>
    internal async Task ForgetSignInAttemptsAsync(string organizerId, bool itsCheckSetTheLock, CancellationToken ct = default) =>
        await redis.WriteAsync(itsCheckSetTheLock
                ? new RedisKey[] { keys.Key("o:" + organizerId, SignInAttemptsName), keys.Key("o:" + organizerId, SignInLockName) }
                : new RedisKey[] { keys.Key("o:" + organizerId, SignInAttemptsName) },
            static (db, k) => db.KeyDeleteAsync(k), ct);

    // The key keeps its first name: it held only failures when wrong passwords were counted after the check.
    private const string SignInAttemptsName = "signInFailures";
    private const string SignInLockName = "signInLock";

    private static readonly LuaScript<SignInAttemptArgs, SignInAttemptResult> SignInAttemptScript =
        new("sign_in_attempt", PasswordJson.Default.SignInAttemptArgs, PasswordJson.Default.SignInAttemptResult);

    private static readonly LuaScript<UsePasswordLinkArgs, UsePasswordLinkResult> UseLinkScript =
        new("use_password_link", PasswordJson.Default.UsePasswordLinkArgs, PasswordJson.Default.UsePasswordLinkResult);

    private static string SignInTag(string? organizerId, string email) => organizerId is not null ? "o:" + organizerId : "e:" + EmailDigest(email);

    private static string EmailDigest(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(NormalizeEmail(email)))).AsSpan(0, 32).ToString();
}
