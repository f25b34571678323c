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

    /// <summary>
    /// Settings &gt; Security, for the API and the portal alike: unset values keep the stored ones (a mode change may keep the
    /// stored shared passcode), a shared passcode must pass <see cref="Passcodes.SharedPasscodeProblem"/>, and the personal
    /// room takes the new defaults at once.
    /// </summary>
    public async Task<SecurityChange> ChangeSecurityAsync(string organizerId, bool? oneTimeAccessCode, PasscodeMode? passcodeMode, string? sharedPasscode,
        CancellationToken ct)
    {
        var organizer = await store.GetAsync(organizerId, ct);
        if (organizer is null || organizer.IsDisabled)
        {
            return new SecurityChange(ChangeOutcome.NotFound);
        }
        var current = organizer.Security;
        var mode = passcodeMode ?? current.PasscodeMode;
        var shared = sharedPasscode ?? (current.SharedPasscodeProtected is { } p ? protector.Unprotect(p) : null);
        if (mode == PasscodeMode.Shared && Passcodes.SharedPasscodeProblem(shared) is { } sharedProblem)
        {
            return new SecurityChange(ChangeOutcome.Invalid, SharedPasscodeProblem: sharedProblem);
        }
        // A passcode given with another mode is kept for later; it must be acceptable all the same.
        if (mode != PasscodeMode.Shared && sharedPasscode is not null && Passcodes.SharedPasscodeProblem(sharedPasscode) is { } otherProblem)
        {
            return new SecurityChange(ChangeOutcome.Invalid, SharedPasscodeProblem: otherProblem);
        }
        var defaults = new SecurityDefaults(oneTimeAccessCode ?? current.OneTimeAccessCode, mode, shared is null ? null : protector.Protect(shared));
        var updated = organizer with { Security = defaults };
        await store.SaveSecurityAsync(updated, RoomPasscodeHash(updated), ct);
        return new SecurityChange(ChangeOutcome.Saved, defaults);
    }

    /// <summary>
    /// Settings &gt; Profile: a null value keeps the stored one; <paramref name="phone"/> is the E.164 number, or empty to clear
    /// it. Input is already validated (<see cref="ProfileRequest"/>). Null for an unknown or disabled organizer.
    /// </summary>
    public async Task<Organizer?> ChangeProfileAsync(string organizerId, string? name, string? timeZone, string? phone, CancellationToken ct)
    {
        var organizer = await store.GetAsync(organizerId, ct);
        if (organizer is null || organizer.IsDisabled)
        {
            return null;
        }
        var updated = organizer with
        {
            Name = name?.Trim() ?? organizer.Name,
            TimeZone = timeZone ?? organizer.TimeZone,
            Phone = phone is null ? organizer.Phone : phone.Length == 0 ? null : phone,
        };
        await store.SaveProfileAsync(updated, RoomPasscodeHash(updated), ct);
        return updated;
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
