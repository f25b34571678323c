using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Organizers.Passwords;

namespace IvrGateway.Organizers;

/// <summary>Opens organizer accounts and fills address books; input is already validated.</summary>
public sealed class OrganizerAccounts(OrganizerStore store, HostPinStore hostPins, AccessSlotStore slots, SecretHasher hasher, SecretProtector protector,
    IAccessCodeGenerator codes, OrganizerPasswords passwords, TimeProvider time)
{
    /// <summary>
    /// The new account with its secrets in clear (shown once) and its set-password link, or why there is none: the email
    /// already has an account, or no free personal code was found.
    /// </summary>
    public async Task<AccountOpening> CreateAsync(string name, string email, string timeZone, CancellationToken ct)
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
            var outcome = await store.TryCreateAsync(organizer, hasher.ApiKey(apiKey), ct);
            if (outcome == CreateOutcome.EmailTaken)
            {
                return new AccountOpening(outcome, null);
            }
            if (outcome == CreateOutcome.Created)
            {
                // The PIN that admits the host is the host-PIN slot's; until this write the organizer has none (refused, never open).
                await hostPins.SetAsync(id, organizer.HostPinHash, ct);
                // The room is reserved in shared mode without a passcode hash (no passcode matches: closed)
                // until this write gives it its passcode; nobody knows the code before this answer anyway.
                await store.SaveSecurityAsync(organizer, hasher.Passcode(organizer.PersonalSlotId, roomPasscode), ct);
                // The answer carries the link and the welcome mail does too (the same link: it works once).
                var link = await passwords.NewLinkAsync(organizer, OrganizerPasswords.NewAccountLinkLifetime, PasswordLinkPurpose.Welcome, ct);
                return new AccountOpening(outcome, new CreatedOrganizer(id, name, email, timeZone, apiKey, hostPin, personalCode, roomPasscode, link));
            }
        }
        return new AccountOpening(CreateOutcome.CodeTaken, null);
    }

    /// <summary>A new API key (shown once); the old one is refused from now on. Null for an unknown or disabled organizer.</summary>
    public async Task<string?> RotateApiKeyAsync(string organizerId, CancellationToken ct)
    {
        var apiKey = "ivr_" + Ids.Token();
        return await store.RotateApiKeyAsync(organizerId, hasher.ApiKey(apiKey), ct) ? apiKey : null;
    }

    /// <summary>A new host PIN (shown once); the old one is refused from the host-PIN slot's write on. Null for an unknown or disabled organizer.</summary>
    public async Task<string?> RotateHostPinAsync(string organizerId, CancellationToken ct)
    {
        var organizer = await store.GetAsync(organizerId, ct);
        if (organizer is null || organizer.IsDisabled)
        {
            return null;
        }
        var hostPin = Passcodes.NewHostPin();
        var hash = hasher.HostPin(organizerId, hostPin);
        await hostPins.SetAsync(organizerId, hash, ct);
        await store.SaveHostPinAsync(organizerId, hash, protector.Protect(hostPin), ct);
        return hostPin;
    }

    /// <summary>
    /// Disables an organizer: the API key is refused, the host PIN is refused, and the personal room refuses callers as a
    /// cancelled meeting. Scheduled one-time meetings keep their codes and passcodes (invitees may still meet), but nobody
    /// can join them as host any more. False for an unknown organizer.
    /// </summary>
    public async Task<bool> DisableAsync(string organizerId, CancellationToken ct)
    {
        var organizer = await store.DisableAsync(organizerId, time.GetUtcNow(), ct);
        if (organizer is null)
        {
            return false;
        }
        await hostPins.RevokeAsync(organizerId, ct);
        await slots.ClosePersonalRoomAsync(organizer.PersonalSlotId, ct);
        return true;
    }

    public async Task<Contact?> AddContactAsync(string organizerId, string name, string email, string? phoneE164, string? locale, CancellationToken ct)
    {
        var contact = new Contact(Ids.New("ct"), name, email, phoneE164, time.GetUtcNow(), locale);
        return await store.TryAddContactAsync(organizerId, contact, ct) ? contact : null;
    }
}
