using System.Text.Json;

namespace IvrGateway.Organizers;

/// <summary>Settings &gt; Profile: the parts of the profile the organizer edits.</summary>
public sealed partial class OrganizerStore
{
    /// <summary>The E.164 number Start's Call me rings (null clears it). False for an unknown organizer.</summary>
    public async Task<bool> SavePhoneAsync(string organizerId, string? phoneE164, CancellationToken ct = default)
    {
        var organizer = await GetAsync(organizerId, ct);
        if (organizer is null)
        {
            return false;
        }
        var json = JsonSerializer.Serialize(organizer with { Phone = phoneE164 }, Json);
        await redis.WriteAsync((Profile: Profile(organizerId), json), static (db, s) => db.StringSetAsync(s.Profile, s.json), ct);
        return true;
    }

    /// <summary>
    /// Saves an edited profile (name, time zone, phone). The personal room's entry carries the organizer's name and time zone
    /// (callers hear them), so it is written again too, with its passcode as Settings &gt; Security has it.
    /// </summary>
    public Task SaveProfileAsync(Organizer updated, string? roomSharedPasscodeHash, CancellationToken ct = default) =>
        SaveSecurityAsync(updated, roomSharedPasscodeHash, ct);
}
