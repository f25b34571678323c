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
        var id = await redis.ReadAsync(EmailIndex(email), static (db, key) => db.StringGetAsync(key), ct);
        if (id.IsNull)
        {
            return null;
        }
        var organizer = await GetAsync(id.ToString(), ct);
        // An index entry whose account was never written (a crash between the two) or names another address leads nowhere.
        return organizer is not null && NormalizeEmail(organizer.Email) == NormalizeEmail(email) ? organizer : null;
    }

    /// <summary>Claims the address for this account. An entry left by a creation that never wrote its profile is taken over.</summary>
    private async Task<bool> TryClaimEmailAsync(string email, string organizerId, CancellationToken ct)
    {
        var key = EmailIndex(email);
        if (await redis.WriteAsync((key, organizerId), static (db, s) => db.StringSetAsync(s.key, s.organizerId, when: When.NotExists), ct))
        {
            return true;
        }
        var holder = await redis.ReadAsync(key, static (db, k) => db.StringGetAsync(k), ct);
        if (!holder.IsNull && await GetAsync(holder.ToString(), ct) is not null)
        {
            return false;
        }
        // Only the orphan seen above is replaced: a concurrent creation that claimed it since keeps it.
        return await redis.WriteAsync((key, organizerId, holder), static async (db, s) =>
        {
            var tx = db.CreateTransaction();
            tx.AddCondition(s.holder.IsNull ? Condition.KeyNotExists(s.key) : Condition.StringEqual(s.key, s.holder));
            _ = tx.StringSetAsync(s.key, s.organizerId);
            return await tx.ExecuteAsync();
        }, ct);
    }

    private async Task ReleaseEmailAsync(string email, string organizerId, CancellationToken ct) =>
        await redis.WriteAsync((Key: EmailIndex(email), organizerId), static async (db, s) =>
        {
            var tx = db.CreateTransaction();
            tx.AddCondition(Condition.StringEqual(s.Key, s.organizerId));
            _ = tx.KeyDeleteAsync(s.Key);
            return await tx.ExecuteAsync();
        }, ct);

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
        var result = await UseLinkScript.WriteAsync(redis, [PasswordLink(organizerId), keys.Key(tag, SignInFailuresName), keys.Key(tag, SignInLockName)],
            new UsePasswordLinkArgs(tokenDigest, now.ToUnixTimeMilliseconds()), ct);
        return result.Used;
    }

    /// <summary>
    /// Counts a wrong password for this account (in the organizer's slot), or for an address without an account (in the
    /// address's index slot, so the answers cannot tell the two apart), and locks sign-in at the limit. The lock's end, or null.
    /// </summary>
    internal async Task<DateTimeOffset?> RecordWrongPasswordAsync(string? organizerId, string email, DateTimeOffset now, int limit, TimeSpan window,
        TimeSpan lockFor, CancellationToken ct = default)
    {
        var tag = SignInTag(organizerId, email);
        var result = await SignInFailureScript.WriteAsync(redis, [keys.Key(tag, SignInFailuresName), keys.Key(tag, SignInLockName)],
            new SignInFailureArgs(now.ToUnixTimeMilliseconds(), Ids.Token(9), limit, (long)window.TotalMilliseconds, (long)lockFor.TotalMilliseconds), ct);
        return result.LockedUntil > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(result.LockedUntil) : null;
    }

    /// <summary>When the sign-in lock of this account (or address without one) ends, if it is in force at <paramref name="now"/>.</summary>
    internal async Task<DateTimeOffset?> SignInLockedUntilAsync(string? organizerId, string email, DateTimeOffset now, CancellationToken ct = default)
    {
        var stored = await redis.ReadAsync(keys.Key(SignInTag(organizerId, email), SignInLockName), static (db, k) => db.StringGetAsync(k), ct);
        return !stored.IsNull && long.TryParse(stored.ToString(), CultureInfo.InvariantCulture, out var ms) && ms > now.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
    }

    /// <summary>A right password forgets the wrong ones before it.</summary>
    internal async Task ForgetWrongPasswordsAsync(string organizerId, CancellationToken ct = default) =>
        await redis.WriteAsync(keys.Key("o:" + organizerId, SignInFailuresName), static (db, k) => db.KeyDeleteAsync(k), ct);

    private const string SignInFailuresName = "signInFailures";
    private const string SignInLockName = "signInLock";

    private static readonly LuaScript<SignInFailureArgs, SignInFailureResult> SignInFailureScript =
        new("sign_in_failure", PasswordJson.Default.SignInFailureArgs, PasswordJson.Default.SignInFailureResult);

    private static readonly LuaScript<UsePasswordLinkArgs, UsePasswordLinkResult> UseLinkScript =
        new("use_password_link", PasswordJson.Default.UsePasswordLinkArgs, PasswordJson.Default.UsePasswordLinkResult);

    private static string SignInTag(string? organizerId, string email) => organizerId is not null ? "o:" + organizerId : "e:" + EmailDigest(email);

    private static string EmailDigest(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(NormalizeEmail(email)))).AsSpan(0, 32).ToString();

    /// <summary>Saves a new password hash on the profile.</summary>
    public async Task<bool> SavePasswordHashAsync(string organizerId, string passwordHash, CancellationToken ct = default)
    {
        var organizer = await GetAsync(organizerId, ct);
        if (organizer is null || organizer.IsDisabled)
        {
            return false;
        }
        var json = JsonSerializer.Serialize(organizer with { PasswordHash = passwordHash }, Json);
        await redis.WriteAsync((Profile: Profile(organizerId), json), static (db, s) => db.StringSetAsync(s.Profile, s.json), ct);
        return true;
    }
}
