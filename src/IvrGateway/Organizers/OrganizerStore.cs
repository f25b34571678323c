using System.Text.Json;
using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using StackExchange.Redis;

namespace IvrGateway.Organizers;

/// <summary>
/// Organizers, their API keys and address books. Account data is kept until deleted; everything
/// about meetings and calls expires (see the README's Redis layout).
/// </summary>
public sealed class OrganizerStore(RedisRunner redis, RedisKeyspace keys, AccessSlot access)
{
    private static readonly string ReserveScript = EmbeddedLua.Read("reserve_code");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public const int MaxContacts = 2000;

    private RedisKey Profile(string organizerId) => keys.Key("o:" + organizerId, "profile");

    private RedisKey Contacts(string organizerId) => keys.Key("o:" + organizerId, "contacts");

    private RedisKey ApiKey(string apiKeyHash) => keys.Key("k:" + apiKeyHash);

    /// <summary>
    /// Reserves the personal access code's room, then writes the account. False when the code is
    /// already taken (the caller draws another).
    /// </summary>
    public async Task<bool> TryCreateAsync(Organizer organizer, string apiKeyHash, CancellationToken ct = default)
    {
        var room = PersonalRoomFields(organizer, sharedPasscodeHash: null);
        var args = new List<RedisValue> { "", "", "", room.Length / 2 };
        args.AddRange(room);
        var reserved = await redis.WriteAsync(
            (Keys: new[] { access.Code(organizer.PersonalAccessTag), access.Meeting(organizer.PersonalAccessTag, "-"), access.Passcodes(organizer.PersonalAccessTag) }, Args: args.ToArray()),
            static (db, s) => db.ScriptEvaluateAsync(ReserveScript, s.Keys, s.Args), ct);
        if ((int)reserved == 0)
        {
            return false;
        }
        var json = JsonSerializer.Serialize(organizer, Json);
        await redis.WriteAsync((Profile: Profile(organizer.Id), Key: ApiKey(apiKeyHash), json, organizer.Id), static async (db, s) =>
        {
            var tx = db.CreateTransaction();
            _ = tx.StringSetAsync(s.Profile, s.json);
            _ = tx.StringSetAsync(s.Key, s.Id);
            return await tx.ExecuteAsync();
        }, ct);
        return true;
    }

    public async Task<string?> FindIdByApiKeyHashAsync(string apiKeyHash, CancellationToken ct = default)
    {
        var id = await redis.ReadAsync(ApiKey(apiKeyHash), static (db, key) => db.StringGetAsync(key), ct);
        return id.IsNull ? null : id.ToString();
    }

    public async Task<Organizer?> GetAsync(string organizerId, CancellationToken ct = default)
    {
        var json = await redis.ReadAsync(Profile(organizerId), static (db, key) => db.StringGetAsync(key), ct);
        return json.IsNull ? null : JsonSerializer.Deserialize<Organizer>(json.ToString(), Json);
    }

    /// <summary>Saves the defaults and applies them to the personal room, which always uses them.</summary>
    public async Task SaveSecurityAsync(Organizer updated, string? roomSharedPasscodeHash, CancellationToken ct = default)
    {
        var json = JsonSerializer.Serialize(updated, Json);
        await redis.WriteAsync((Profile: Profile(updated.Id), json), static (db, s) => db.StringSetAsync(s.Profile, s.json), ct);
        var fields = PersonalRoomFields(updated, roomSharedPasscodeHash).Chunk(2).Select(p => new HashEntry(p[0], p[1])).ToArray();
        await redis.WriteAsync((Key: access.Code(updated.PersonalAccessTag), fields), static async (db, s) =>
        {
            await db.HashSetAsync(s.Key, s.fields);
            return true;
        }, ct);
    }

    public async Task<bool> TryAddContactAsync(string organizerId, Contact contact, CancellationToken ct = default)
    {
        var json = JsonSerializer.Serialize(contact, Json);
        return await redis.WriteAsync((Key: Contacts(organizerId), contact.Id, json), static async (db, s) =>
        {
            if (await db.HashLengthAsync(s.Key) >= MaxContacts)
            {
                return false;
            }
            return await db.HashSetAsync(s.Key, s.Id, s.json);
        }, ct);
    }

    public async Task<IReadOnlyList<Contact>> ListContactsAsync(string organizerId, CancellationToken ct = default)
    {
        var all = await redis.ReadAsync(Contacts(organizerId), static (db, key) => db.HashValuesAsync(key), ct);
        return all.Select(v => JsonSerializer.Deserialize<Contact>(v.ToString(), Json)!)
            .OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The contacts with these ids, in order; null where an id is not in the address book.</summary>
    public async Task<IReadOnlyList<Contact?>> GetContactsAsync(string organizerId, IReadOnlyList<string> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var fields = ids.Select(i => (RedisValue)i).ToArray();
        var values = await redis.ReadAsync((Key: Contacts(organizerId), fields), static (db, s) => db.HashGetAsync(s.Key, s.fields), ct);
        return values.Select(v => v.IsNull ? null : JsonSerializer.Deserialize<Contact>(v.ToString(), Json)).ToList();
    }

    private static RedisValue[] PersonalRoomFields(Organizer o, string? sharedPasscodeHash) =>
    [
        CodeEntryFields.Kind, CodeEntryFields.KindPersonal,
        CodeEntryFields.Organizer, o.Id,
        CodeEntryFields.OrganizerName, o.Name,
        CodeEntryFields.HostPin, o.HostPinHash,
        CodeEntryFields.TimeZone, o.TimeZone,
        CodeEntryFields.PasscodeMode, CodeEntryFields.Mode(o.Security.PasscodeMode),
        CodeEntryFields.SharedPasscode, sharedPasscodeHash ?? "",
        CodeEntryFields.WaitForHost, "1",
    ];
}
