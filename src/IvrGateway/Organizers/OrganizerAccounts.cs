using IvrGateway.Codes;
using IvrGateway.Infrastructure;

namespace IvrGateway.Organizers;

/// <summary>Opens organizer accounts and fills address books; input is already validated.</summary>
public sealed class OrganizerAccounts(OrganizerStore store, SecretHasher hasher, SecretProtector protector, IAccessCodeGenerator codes, TimeProvider time)
{
    /// <summary>The new account with its secrets in clear (shown once), or null when no free personal code was found.</summary>
    public async Task<CreatedOrganizer?> CreateAsync(string name, string email, string timeZone, CancellationToken ct)
    {
        var id = Ids.New("org");
        var apiKey = "ivr_" + Ids.Token();
        var hostPin = Passcodes.NewHostPin();
        var roomPasscode = DigitStrings.RandomStrong(Passcodes.UniqueLength);
        // A clash with a live code is a one-in-millions event per draw; a few draws always suffice.
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var personalCode = codes.Next();
            var organizer = new Organizer(id, name, email, timeZone, time.GetUtcNow(),
                hasher.HostPin(id, hostPin), protector.Protect(hostPin),
                hasher.SlotId(personalCode), protector.Protect(personalCode), SecurityDefaults.Initial(protector.Protect(roomPasscode)));
            if (await store.TryCreateAsync(organizer, hasher.ApiKey(apiKey), ct))
            {
                // The room is reserved in shared mode without a passcode hash (no passcode matches: closed)
                // until this write gives it its passcode; nobody knows the code before this answer anyway.
                await store.SaveSecurityAsync(organizer, hasher.Passcode(organizer.PersonalSlotId, roomPasscode), ct);
                return new CreatedOrganizer(id, name, email, timeZone, apiKey, hostPin, personalCode, roomPasscode);
            }
        }
        return null;
    }

    public async Task<Contact?> AddContactAsync(string organizerId, string name, string email, string? phoneE164, CancellationToken ct)
    {
        var contact = new Contact(Ids.New("ct"), name, email, phoneE164, time.GetUtcNow());
        return await store.TryAddContactAsync(organizerId, contact, ct) ? contact : null;
    }
}
