using System.Text.Json;
using IvrGateway.Infrastructure;
using StackExchange.Redis;

namespace IvrGateway.Organizers;

/// <summary>Every change to a stored organizer, whoever makes it: Settings, the API, passwords, rotations, disabling.</summary>
public sealed partial class OrganizerStore
{
    // Each conflict means another writer saved; this many in a row only happens under a storm of writes to one account.
    private const int ProfileWriteAttempts = 16;

    /// <summary>
    /// The one way to change a stored organizer. Reads the profile, applies <paramref name="change"/> to it and writes the
    /// result only if the profile is still the one read (a transaction on its JSON, one key: fine in a cluster); after a
    /// conflict the change is applied again to the fresh profile. So writers never undo each other, provided a change sets
    /// only the fields it owns on the organizer it is given (never a whole record read earlier). The change may run more
    /// than once. The saved organizer; null for an unknown organizer or when the change refuses (returns null).
    /// </summary>
    public async Task<Organizer?> UpdateProfileAsync(string organizerId, Func<Organizer, Organizer?> change, CancellationToken ct = default)
    {
        var key = Profile(organizerId);
        for (var attempt = 0; attempt < ProfileWriteAttempts; attempt++)
        {
            var stored = await redis.ReadAsync(key, static (db, k) => db.StringGetAsync(k), ct);
            if (stored.IsNull)
            {
                return null;
            }
            var current = JsonSerializer.Deserialize<Organizer>(stored.ToString(), Json)!;
            if (change(current) is not { } updated)
            {
                return null;
            }
            if (updated.Id != current.Id)
            {
                throw new InvalidOperationException("A profile change must keep the organizer's id.");
            }
            if (updated == current)
            {
                return current;
            }
            var json = JsonSerializer.Serialize(updated, Json);
            var saved = await redis.WriteAsync((key, stored, json), static async (db, s) =>
            {
                var tx = db.CreateTransaction();
                tx.AddCondition(Condition.StringEqual(s.key, s.stored));
                _ = tx.StringSetAsync(s.key, s.json);
                return await tx.ExecuteAsync();
            }, ct);
            if (saved)
            {
                return updated;
            }
        }
        // Not an outage, but as passing: the caller may try again (the API answers 503).
        throw new StoreUnavailableException("The organizer's profile kept changing while it was being saved.");
    }
}
