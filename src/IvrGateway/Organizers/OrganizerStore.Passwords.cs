using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace IvrGateway.Organizers;

/// <summary>
/// Sign-in data: the email index (<c>{e:…}</c>, one account per address) and the one-use password links, which live in
/// the organizer's own slot (the link's token names the organizer, so no index is needed to find it).
/// </summary>
public sealed partial class OrganizerStore
{
    // The address is not a secret, but the index key needs no readable copy of it.
    private RedisKey EmailIndex(string email) =>
        keys.Key("e:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(NormalizeEmail(email)))).AsSpan(0, 32).ToString());

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

    /// <summary>Stores the digest of a new password link (replacing any earlier one) that expires after <paramref name="lifetime"/>.</summary>
    public async Task SavePasswordLinkAsync(string organizerId, string tokenDigest, TimeSpan lifetime, CancellationToken ct = default) =>
        await redis.WriteAsync((Key: PasswordLink(organizerId), tokenDigest, lifetime), static (db, s) => db.StringSetAsync(s.Key, s.tokenDigest, s.lifetime), ct);

    /// <summary>
    /// Uses up the password link with this digest: true once, for the link in force and unexpired. A wrong digest leaves the
    /// link in force (a guess cannot cancel the organizer's link).
    /// </summary>
    public async Task<bool> TryUsePasswordLinkAsync(string organizerId, string tokenDigest, CancellationToken ct = default) =>
        await redis.WriteAsync((Key: PasswordLink(organizerId), tokenDigest), static async (db, s) =>
        {
            var tx = db.CreateTransaction();
            tx.AddCondition(Condition.StringEqual(s.Key, s.tokenDigest));
            _ = tx.KeyDeleteAsync(s.Key);
            return await tx.ExecuteAsync();
        }, ct);

    /// <summary>Whether this digest is the link in force (the page checks before it asks for a password).</summary>
    public async Task<bool> IsPasswordLinkAsync(string organizerId, string tokenDigest, CancellationToken ct = default)
    {
        var stored = await redis.ReadAsync(PasswordLink(organizerId), static (db, k) => db.StringGetAsync(k), ct);
        return !stored.IsNull && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored.ToString()), Encoding.ASCII.GetBytes(tokenDigest));
    }

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
