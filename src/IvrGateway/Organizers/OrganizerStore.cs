using System.Text.Json;
using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using StackExchange.Redis;

namespace IvrGateway.Organizers;

/// <summary>
/// Organizers, their API keys and address books. Account data is kept until deleted; everything
/// about meetings and calls expires (see the README's Redis layout). After its creation a profile is written only by
/// <see cref="UpdateProfileAsync"/> (compare-and-set); what lives in other slots (API key entries here, the host PIN and
/// the personal room in <see cref="OrganizerAccounts"/>) is written in the order given beside each writer, never in one
/// transaction across slots (Redis Cluster refuses it).
/// </summary>
public sealed partial class OrganizerStore(RedisRunner redis, RedisKeyspace keys, AccessSlotStore slots)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private RedisKey Profile(string organizerId) => keys.Key("o:" + organizerId, "profile");

    private RedisKey ApiKey(string apiKeyHash) => keys.Key("k:" + apiKeyHash);

    /// <summary>
    /// Claims the email, reserves the personal access code's room, then writes the account. Each write stays in its own
    /// Redis slot (a cluster refuses a transaction across slots): the key's entry is written before the profile, so a
    /// crash in between leaves an entry that leads nowhere (<see cref="FindIdByApiKeyHashAsync"/> refuses it), never a
    /// profile without its key. The email is claimed at <see cref="Organizer.CreatedAt"/> (the gateway's clock).
    /// </summary>
    public async Task<CreateOutcome> TryCreateAsync(Organizer organizer, string apiKeyHash, CancellationToken ct = default)
    {
        if (await TryClaimEmailAsync(organizer.Email, organizer.Id, organizer.CreatedAt, ct) is not { } claim)
        {
            return CreateOutcome.EmailTaken;
        }
        if (!await slots.TryReservePersonalRoomAsync(organizer.PersonalSlotId, PersonalRoom(organizer, sharedPasscodeHash: null), ct))
        {
            await ReleaseEmailAsync(organizer.Email, claim, ct);
            return CreateOutcome.CodeTaken;
        }
        var json = JsonSerializer.Serialize(organizer with { ApiKeyHash = apiKeyHash }, Json);
        await redis.WriteAsync((Key: ApiKey(apiKeyHash), organizer.Id), static (db, s) => db.StringSetAsync(s.Key, s.Id), ct);
        await redis.WriteAsync((Profile: Profile(organizer.Id), json), static (db, s) => db.StringSetAsync(s.Profile, s.json), ct);
        return CreateOutcome.Created;
    }

    /// <summary>
    /// The organizer whose key in force this is. The key's entry leads to the profile, which must still name this key and
    /// not be disabled: a key whose entry outlived a rotation or a disable (a write that failed half way) is refused all the same.
    /// </summary>
    public async Task<string?> FindIdByApiKeyHashAsync(string apiKeyHash, CancellationToken ct = default)
    {
        var id = await redis.ReadAsync(ApiKey(apiKeyHash), static (db, key) => db.StringGetAsync(key), ct);
        if (id.IsNull)
        {
            return null;
        }
        var organizer = await GetAsync(id.ToString(), ct);
        return organizer is { IsDisabled: false } && (organizer.ApiKeyHash is null || organizer.ApiKeyHash == apiKeyHash) ? organizer.Id : null;
    }

    /// <summary>
    /// Puts a new API key in force: its entry is written, the profile names it, and the entry of the key it replaced is
    /// deleted in the same call, so the old key is refused from the moment this returns. False for an unknown or disabled organizer.
    /// </summary>
    public async Task<bool> RotateApiKeyAsync(string organizerId, string newApiKeyHash, CancellationToken ct = default)
    {
        // The key entries and the profile are in different slots: new entry first, then the profile (from here on only the
        // new key passes FindIdByApiKeyHashAsync), then the replaced entry goes. The replaced key is the one the saved
        // profile named, not one read before: a concurrent rotation's key is deleted by whichever rotation replaced it.
        await redis.WriteAsync((Key: ApiKey(newApiKeyHash), organizerId), static (db, s) => db.StringSetAsync(s.Key, s.organizerId), ct);
        string? replaced = null;
        var saved = await UpdateProfileAsync(organizerId, o =>
        {
            replaced = o.ApiKeyHash;
            return o.IsDisabled ? null : o with { ApiKeyHash = newApiKeyHash };
        }, ct);
        // Refused (unknown or disabled): the new entry leads nowhere and goes; saved: the replaced one goes.
        var stale = saved is null ? newApiKeyHash : replaced;
        if (stale is not null)
        {
            await redis.WriteAsync(ApiKey(stale), static (db, key) => db.KeyDeleteAsync(key), ct);
        }
        return saved is not null;
    }

    /// <summary>Marks the organizer disabled and deletes its API key's entry. Null for an unknown organizer.</summary>
    public async Task<Organizer?> DisableAsync(string organizerId, DateTimeOffset now, CancellationToken ct = default)
    {
        var disabled = await UpdateProfileAsync(organizerId, o => o with { DisabledAt = o.DisabledAt ?? now }, ct);
        // A rotation that saves after this is refused (disabled) and deletes its own new entry.
        if (disabled?.ApiKeyHash is { } key)
        {
            await redis.WriteAsync(ApiKey(key), static (db, k) => db.KeyDeleteAsync(k), ct);
        }
        return disabled;
    }

    public async Task<Organizer?> GetAsync(string organizerId, CancellationToken ct = default)
    {
        var json = await redis.ReadAsync(Profile(organizerId), static (db, key) => db.StringGetAsync(key), ct);
        return json.IsNull ? null : JsonSerializer.Deserialize<Organizer>(json.ToString(), Json);
    }

    /// <summary>
    /// Writes the personal room's entry from the organizer as saved: callers hear its name and time zone, and the room uses
    /// Settings &gt; Security (<paramref name="roomSharedPasscodeHash"/>: its passcode, null unless shared). A closed room
    /// stays closed (the write leaves its status alone).
    /// </summary>
    public Task WritePersonalRoomAsync(Organizer saved, string? roomSharedPasscodeHash, CancellationToken ct = default) =>
        slots.UpdatePersonalRoomAsync(saved.PersonalSlotId, PersonalRoom(saved, roomSharedPasscodeHash), ct);

    private static CodeEntry PersonalRoom(Organizer o, string? sharedPasscodeHash) =>
        CodeEntry.PersonalRoom(o.Id, o.Name, o.TimeZone, o.Security.PasscodeMode, sharedPasscodeHash);
}
