using System.Text.Json;
using IvrGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace IvrGateway.Organizers;

/// <summary>The address book: one hash per organizer, contact id → JSON record.</summary>
public sealed partial class OrganizerStore
{
    public const int MaxContacts = 2000;

    private static readonly LuaScript<AddContactsArgs, AddContactsResult> AddContactsScript =
        new("add_contacts", OrganizerJson.Default.AddContactsArgs, OrganizerJson.Default.AddContactsResult);

    private RedisKey Contacts(string organizerId) => keys.Key("o:" + organizerId, "contacts");

    /// <summary>False when the address book is full (<see cref="MaxContacts"/>).</summary>
    public async Task<bool> TryAddContactAsync(string organizerId, Contact contact, CancellationToken ct = default) =>
        await TryAddContactsAsync(organizerId, [contact], ct) == 1;

    /// <summary>
    /// Adds the contacts in order while the address book has room, in one atomic step; answers how many of the first ones
    /// were added (the rest did not fit).
    /// </summary>
    public async Task<int> TryAddContactsAsync(string organizerId, IReadOnlyList<Contact> contacts, CancellationToken ct = default)
    {
        if (contacts.Count == 0)
        {
            return 0;
        }
        var stored = contacts.Select(c => new StoredContact(c.Id, JsonSerializer.Serialize(c, Json))).ToList();
        var result = await AddContactsScript.WriteAsync(redis, [Contacts(organizerId)], new AddContactsArgs(MaxContacts, stored), ct);
        return result.Added;
    }

    /// <summary>Replaces a contact that is in the address book; false when it is not (another organizer's id, deleted, unknown).</summary>
    public async Task<bool> TryUpdateContactAsync(string organizerId, Contact contact, CancellationToken ct = default)
    {
        var json = JsonSerializer.Serialize(contact, Json);
        return await redis.WriteAsync((Key: Contacts(organizerId), contact.Id, json), static async (db, s) =>
        {
            var tx = db.CreateTransaction();
            tx.AddCondition(Condition.HashExists(s.Key, s.Id));
            _ = tx.HashSetAsync(s.Key, s.Id, s.json);
            return await tx.ExecuteAsync();
        }, ct);
    }

    /// <summary>Deletes a contact; false when it was not in the address book. Meetings keep their own copy of each invitee.</summary>
    public async Task<bool> DeleteContactAsync(string organizerId, string contactId, CancellationToken ct = default) =>
        await redis.WriteAsync((Key: Contacts(organizerId), contactId), static (db, s) => db.HashDeleteAsync(s.Key, s.contactId), ct);

    public async Task<IReadOnlyList<Contact>> ListContactsAsync(string organizerId, CancellationToken ct = default)
    {
        var all = await redis.ReadAsync(Contacts(organizerId), static (db, key) => db.HashValuesAsync(key), ct);
        return all.Select(v => JsonSerializer.Deserialize<Contact>(v.ToString(), Json)!)
            .OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>One contact of this organizer's address book, or null.</summary>
    public async Task<Contact?> GetContactAsync(string organizerId, string contactId, CancellationToken ct = default) =>
        (await GetContactsAsync(organizerId, [contactId], ct))[0];

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
}
