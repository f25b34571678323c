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
                await store.WritePersonalRoomAsync(organizer, hasher.Passcode(organizer.PersonalSlotId, roomPasscode), ct);
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
        var hostPin = Passcodes.NewHostPin();
        var hash = hasher.HostPin(organizerId, hostPin);
        var hostPinProtected = protector.Protect(hostPin);
        var saved = await store.UpdateProfileAsync(organizerId, o => o.IsDisabled ? null : o with { HostPinHash = hash, HostPinProtected = hostPinProtected }, ct);
        if (saved is null)
        {
            return null;
        }
        await FollowHostPinAsync(saved, ct);
        return hostPin;
    }

    /// <summary>
    /// Makes the host-PIN slot (the PIN that counts) follow the profile, which is another slot: written from the profile as
    /// saved, then checked against the profile as it is now, and written again until they agree. So a rotation that saved
    /// first but writes the slot last, or a disable that revoked the PIN between a rotation's two writes, cannot leave the
    /// slot with a PIN the profile no longer has: the writer whose slot write came last reads the profile after it.
    /// </summary>
    private async Task FollowHostPinAsync(Organizer saved, CancellationToken ct)
    {
        for (var round = 0; round < FollowRounds; round++)
        {
            if (saved.IsDisabled)
            {
                await hostPins.RevokeAsync(saved.Id, ct);
                return;
            }
            await hostPins.SetAsync(saved.Id, saved.HostPinHash, ct);
            var fresh = await store.GetAsync(saved.Id, ct);
            if (fresh is null || (!fresh.IsDisabled && fresh.HostPinHash == saved.HostPinHash))
            {
                return;
            }
            saved = fresh;
        }
    }

    /// <summary>
    /// Makes the personal room's entry follow the profile (name, time zone, passcode, code), as <see cref="FollowHostPinAsync"/>
    /// does for the PIN: a slower writer cannot leave the room with what an earlier save had. A disabled organizer's room
    /// is closed by <see cref="DisableAsync"/> and stays closed (the entry's status is not written here).
    /// </summary>
    public async Task FollowPersonalRoomAsync(Organizer saved, CancellationToken ct)
    {
        for (var round = 0; round < FollowRounds; round++)
        {
            if (saved.IsDisabled)
            {
                return;
            }
            await store.WritePersonalRoomAsync(saved, RoomPasscodeHash(saved), ct);
            var fresh = await store.GetAsync(saved.Id, ct);
            if (fresh is null || RoomOf(fresh) == RoomOf(saved))
            {
                return;
            }
            saved = fresh;
        }

        static (string, string, string, SecurityDefaults, bool) RoomOf(Organizer o) => (o.Name, o.TimeZone, o.PersonalSlotId, o.Security, o.IsDisabled);
    }

    // Each round means another writer saved in between; these loops end in one or two rounds.
    private const int FollowRounds = 8;

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

    /// <summary>
    /// Settings &gt; Security, for the API and the portal alike: unset values keep the stored ones (a mode change may keep the
    /// stored shared passcode), a shared passcode must pass <see cref="Passcodes.SharedPasscodeProblem"/>, and the personal
    /// room takes the new defaults at once. Only the defaults are written, over the profile as it is when saved.
    /// </summary>
    public async Task<SecurityChange> ChangeSecurityAsync(string organizerId, bool? oneTimeAccessCode, PasscodeMode? passcodeMode, string? sharedPasscode,
        CancellationToken ct)
    {
        SecurityChange? refused = null;
        var saved = await store.UpdateProfileAsync(organizerId, organizer =>
        {
            refused = null;
            if (organizer.IsDisabled)
            {
                return null;
            }
            var current = organizer.Security;
            var mode = passcodeMode ?? current.PasscodeMode;
            var shared = sharedPasscode ?? (current.SharedPasscodeProtected is { } p ? protector.Unprotect(p) : null);
            if (mode == PasscodeMode.Shared && Passcodes.SharedPasscodeProblem(shared) is { } sharedProblem)
            {
                refused = new SecurityChange(ChangeOutcome.Invalid, SharedPasscodeProblem: sharedProblem);
                return null;
            }
            // A passcode given with another mode is kept for later; it must be acceptable all the same.
            if (mode != PasscodeMode.Shared && sharedPasscode is not null && Passcodes.SharedPasscodeProblem(sharedPasscode) is { } otherProblem)
            {
                refused = new SecurityChange(ChangeOutcome.Invalid, SharedPasscodeProblem: otherProblem);
                return null;
            }
            return organizer with
            {
                Security = new SecurityDefaults(oneTimeAccessCode ?? current.OneTimeAccessCode, mode, shared is null ? null : protector.Protect(shared)),
            };
        }, ct);
        if (saved is null)
        {
            return refused ?? new SecurityChange(ChangeOutcome.NotFound);
        }
        await FollowPersonalRoomAsync(saved, ct);
        return new SecurityChange(ChangeOutcome.Saved, saved.Security);
    }

    /// <summary>
    /// Settings &gt; Profile: a null value keeps the stored one; <paramref name="phone"/> is the E.164 number, or empty to clear
    /// it. Input is already validated (<see cref="ProfileRequest"/>). Only these fields are written, over the profile as it is
    /// when saved (a form shown before a rotation or a disable brings nothing else back). Null for an unknown or disabled organizer.
    /// </summary>
    public async Task<Organizer?> ChangeProfileAsync(string organizerId, string? name, string? timeZone, string? phone, CancellationToken ct)
    {
        var saved = await store.UpdateProfileAsync(organizerId, organizer => organizer.IsDisabled
            ? null
            : organizer with
            {
                Name = name?.Trim() ?? organizer.Name,
                TimeZone = timeZone ?? organizer.TimeZone,
                Phone = phone is null ? organizer.Phone : phone.Length == 0 ? null : phone,
            }, ct);
        if (saved is not null)
        {
            await FollowPersonalRoomAsync(saved, ct);
        }
        return saved;
    }

    /// <summary>The personal room's passcode hash as Settings &gt; Security has it (null unless shared).</summary>
    private string? RoomPasscodeHash(Organizer organizer) =>
        organizer.Security is { PasscodeMode: PasscodeMode.Shared, SharedPasscodeProtected: { } p }
            ? hasher.Passcode(organizer.PersonalSlotId, protector.Unprotect(p))
            : null;

    /// <summary>A contact without a time zone (the demo's): their mail shows the organizer's only.</summary>
    public Task<Contact?> AddContactAsync(string organizerId, string name, string email, string? phoneE164, string? locale, CancellationToken ct) =>
        AddContactAsync(organizerId, name, email, phoneE164, locale, timeZone: null, ct);

    /// <summary>Adds a contact; <paramref name="timeZone"/> is an IANA id already checked (<see cref="ContactDetails.ToTimeZone"/>). Null when the book is full.</summary>
    public async Task<Contact?> AddContactAsync(string organizerId, string name, string email, string? phoneE164, string? locale, string? timeZone,
        CancellationToken ct)
    {
        var contact = new Contact(Ids.New("ct"), name, email, phoneE164, time.GetUtcNow(), locale, timeZone);
        return await store.TryAddContactAsync(organizerId, contact, ct) ? contact : null;
    }

    /// <summary>Replaces a contact's details (its id stays, so meetings that name it still do). Null when it is not in the address book.</summary>
    public async Task<Contact?> UpdateContactAsync(string organizerId, string contactId, string name, string email, string? phoneE164, string? locale,
        string? timeZone, CancellationToken ct)
    {
        var existing = await store.GetContactAsync(organizerId, contactId, ct);
        if (existing is null)
        {
            return null;
        }
        var contact = existing with { Name = name, Email = email, Phone = phoneE164, Locale = locale, TimeZone = timeZone };
        return await store.TryUpdateContactAsync(organizerId, contact, ct) ? contact : null;
    }

    /// <summary>
    /// Whether another contact of the address book already has this e-mail address (case-insensitive); the portal and the
    /// import keep one contact per address.
    /// </summary>
    public async Task<bool> IsEmailInBookAsync(string organizerId, string email, string? exceptContactId, CancellationToken ct)
    {
        var contacts = await store.ListContactsAsync(organizerId, ct);
        return contacts.Any(c => c.Id != exceptContactId && string.Equals(c.Email, email.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Adds the valid rows of an import; every other row is reported with its line and reason. Each row is written whole
    /// or not at all; rows beyond the address book's room are reported as such. <paramref name="locales"/> are the mail's.
    /// </summary>
    public async Task<ContactImportReport> ImportContactsAsync(string organizerId, IReadOnlyList<ContactImportRow> rows, IReadOnlyCollection<string> locales,
        CancellationToken ct)
    {
        var problems = new List<ContactImportProblem>();
        var seen = (await store.ListContactsAsync(organizerId, ct)).Select(c => c.Email)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var firstLine = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var valid = new List<(int Line, Contact Contact)>();
        var now = time.GetUtcNow();
        foreach (var row in rows)
        {
            var reasons = ContactImport.Problems(row, locales);
            var email = row.Email?.Trim() ?? "";
            if (reasons.Count == 0 && seen.Contains(email))
            {
                reasons.Add(firstLine.TryGetValue(email, out var earlier)
                    ? $"duplicate email: {email} is already on line {earlier}"
                    : $"duplicate email: {email} is already in your address book");
            }
            if (reasons.Count > 0)
            {
                problems.Add(new ContactImportProblem(row.Line, string.Join("; ", reasons)));
                continue;
            }
            seen.Add(email);
            firstLine[email] = row.Line;
            valid.Add((row.Line, new Contact(Ids.New("ct"), row.Name!.Trim(), email, ContactImport.Blank(row.Phone) ? null : ContactDetails.ToE164(row.Phone),
                now, ContactImport.Blank(row.Locale) ? null : ContactImport.Locale(row.Locale, locales),
                ContactImport.Blank(row.TimeZone) ? null : ContactDetails.ToTimeZone(row.TimeZone))));
        }
        var added = await store.TryAddContactsAsync(organizerId, valid.Select(v => v.Contact).ToList(), ct);
        problems.AddRange(valid.Skip(added).Select(v => new ContactImportProblem(v.Line, ContactImport.BookFull)));
        return new ContactImportReport(added, [.. problems.OrderBy(p => p.Line)]);
    }
}
