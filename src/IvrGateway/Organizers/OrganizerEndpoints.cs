using System.Security.Claims;
using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Auth;
using IvrGateway.Infrastructure.Http;
using IvrGateway.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrGateway.Organizers;

internal static class OrganizerEndpoints
{
    /// <summary>Accounts (admin), Settings &gt; Security and the address book (organizer).</summary>
    public static RouteGroupBuilder MapOrganizerApi(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("/organizers").RequireAuthorization(Policies.Admin).WithTags("Organizers");
        accounts.MapPost("/", CreateAsync).WithName("CreateOrganizer").Accepts<CreateOrganizerRequest>("application/json");
        accounts.MapPost("/{id}/disable", DisableAsync).WithName("DisableOrganizer");

        var me = api.MapGroup("/me").RequireAuthorization(Policies.Organizer).WithTags("Organizer");
        me.MapGet("/", GetProfileAsync).WithName("GetProfile");
        me.MapGet("/security", GetSecurityAsync).WithName("GetSecurity");
        me.MapPut("/security", PutSecurityAsync).WithName("PutSecurity").Accepts<SecuritySettingsRequest>("application/json");
        me.MapPost("/contacts", AddContactAsync).WithName("AddContact").Accepts<ContactRequest>("application/json");
        me.MapGet("/contacts", ListContactsAsync).WithName("ListContacts");
        me.MapPost("/api-key", RotateApiKeyAsync).WithName("RotateApiKey");
        me.MapPost("/host-pin", RotateHostPinAsync).WithName("RotateHostPin");
        me.MapDelete("/host-pin-lock", LiftHostPinLockAsync).WithName("LiftOwnHostPinLock");
        return api;
    }

    private static async Task<Results<Created<CreatedOrganizer>, ProblemHttpResult>> CreateAsync(
        JsonBody<CreateOrganizerRequest> body, OrganizerAccounts accounts, CancellationToken ct)
    {
        var request = body.Value;
        var opening = await accounts.CreateAsync(request.Name!.Trim(), request.Email!.Trim(), request.TimeZone!, ct);
        return opening switch
        {
            { Account: { } created } => TypedResults.Created($"/api/v1/organizers/{created.Id}", created),
            { Outcome: CreateOutcome.EmailTaken } => Problems.Conflict("This email address already has an account."),
            _ => Problems.Conflict("Could not reserve a free personal access code; try again."),
        };
    }

    private static async Task<Results<Ok<OrganizerProfile>, ProblemHttpResult>> GetProfileAsync(
        ClaimsPrincipal user, OrganizerStore store, SecretProtector protector, CancellationToken ct)
    {
        var organizer = await store.GetAsync(user.OrganizerId(), ct);
        if (organizer is null)
        {
            return Problems.NotFound("This organizer no longer exists.");
        }
        var security = View(organizer.Security, protector);
        // The personal room always uses Settings > Security: its passcode is the shared one, when that is the mode.
        return TypedResults.Ok(new OrganizerProfile(organizer.Id, organizer.Name, organizer.Email, organizer.TimeZone,
            protector.Unprotect(organizer.HostPinProtected), protector.Unprotect(organizer.PersonalAccessCodeProtected),
            security, security.PasscodeMode == PasscodeMode.Shared ? security.SharedPasscode : null));
    }

    private static async Task<Results<Ok<SecuritySettings>, ProblemHttpResult>> GetSecurityAsync(
        ClaimsPrincipal user, OrganizerStore store, SecretProtector protector, CancellationToken ct)
    {
        var organizer = await store.GetAsync(user.OrganizerId(), ct);
        return organizer is null ? Problems.NotFound("This organizer no longer exists.") : TypedResults.Ok(View(organizer.Security, protector));
    }

    private static async Task<Results<Ok<SecuritySettings>, ValidationProblem, ProblemHttpResult>> PutSecurityAsync(
        JsonBody<SecuritySettingsRequest> body, ClaimsPrincipal user, OrganizerStore store, SecretHasher hasher, SecretProtector protector, CancellationToken ct)
    {
        var request = body.Value;
        var organizer = await store.GetAsync(user.OrganizerId(), ct);
        if (organizer is null)
        {
            return Problems.NotFound("This organizer no longer exists.");
        }
        // The passcode check needs the stored settings (a mode change may keep the stored passcode), so it is not the request's own.
        var current = organizer.Security;
        var mode = request.PasscodeMode ?? current.PasscodeMode;
        var shared = request.SharedPasscode ?? (current.SharedPasscodeProtected is { } p ? protector.Unprotect(p) : null);
        if (mode == PasscodeMode.Shared && Passcodes.SharedPasscodeProblem(shared) is { } sharedProblem)
        {
            return Problems.Field("sharedPasscode", sharedProblem);
        }
        if (mode != PasscodeMode.Shared && request.SharedPasscode is not null && Passcodes.SharedPasscodeProblem(request.SharedPasscode) is { } otherProblem)
        {
            return Problems.Field("sharedPasscode", otherProblem);
        }
        var defaults = new SecurityDefaults(request.OneTimeAccessCode ?? current.OneTimeAccessCode, mode,
            shared is null ? null : protector.Protect(shared));
        var updated = organizer with { Security = defaults };
        var roomHash = mode == PasscodeMode.Shared ? hasher.Passcode(organizer.PersonalSlotId, shared!) : null;
        await store.SaveSecurityAsync(updated, roomHash, ct);
        return TypedResults.Ok(View(defaults, protector));
    }

    private static async Task<Results<Created<Contact>, ProblemHttpResult>> AddContactAsync(
        JsonBody<ContactRequest> body, ClaimsPrincipal user, OrganizerAccounts accounts, CancellationToken ct)
    {
        var request = body.Value;
        var phone = ContactDetails.ToE164(request.Phone);
        var contact = await accounts.AddContactAsync(user.OrganizerId(), request.Name!.Trim(), request.Email!.Trim(), phone, ContactDetails.ToLocale(request.Locale), ct);
        if (contact is null)
        {
            return Problems.Conflict($"The address book is full ({OrganizerStore.MaxContacts} contacts).");
        }
        return TypedResults.Created($"/api/v1/me/contacts/{contact.Id}", contact);
    }

    private static async Task<Ok<IReadOnlyList<Contact>>> ListContactsAsync(ClaimsPrincipal user, OrganizerStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListContactsAsync(user.OrganizerId(), ct));

    private static SecuritySettings View(SecurityDefaults defaults, SecretProtector protector) =>
        new(defaults.OneTimeAccessCode, defaults.PasscodeMode,
            defaults.SharedPasscodeProtected is { } p ? protector.Unprotect(p) : null);

    /// <summary>Admin: the organizer's API key and host PIN stop working and its personal room refuses callers (one-time meetings go on).</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DisableAsync(string id, OrganizerAccounts accounts, SecurityEventLog securityEvents,
        TimeProvider time, CancellationToken ct)
    {
        if (!await accounts.DisableAsync(id, ct))
        {
            return Problems.NotFound("No such organizer.");
        }
        securityEvents.Record(SecurityEventKind.OrganizerDisabled, time.GetUtcNow(), callSid: null, caller: null, meetingId: null,
            $"organizer {id} disabled by admin: API key and host PIN refused, personal room closed", organizerId: id);
        return TypedResults.NoContent();
    }

    /// <summary>A new API key, shown once; the key that made this request is refused from now on.</summary>
    private static async Task<Results<Ok<RotatedApiKey>, ProblemHttpResult>> RotateApiKeyAsync(ClaimsPrincipal user, OrganizerAccounts accounts,
        SecurityEventLog securityEvents, TimeProvider time, CancellationToken ct)
    {
        var organizerId = user.OrganizerId();
        var apiKey = await accounts.RotateApiKeyAsync(organizerId, ct);
        if (apiKey is null)
        {
            return Problems.NotFound("This organizer no longer exists.");
        }
        securityEvents.Record(SecurityEventKind.ApiKeyRotated, time.GetUtcNow(), callSid: null, caller: null, meetingId: null,
            $"organizer {organizerId} rotated its API key; the old key is refused", organizerId: organizerId);
        return TypedResults.Ok(new RotatedApiKey(apiKey));
    }

    /// <summary>A new host PIN, shown once; the old one is refused from now on, in every meeting.</summary>
    private static async Task<Results<Ok<RotatedHostPin>, ProblemHttpResult>> RotateHostPinAsync(ClaimsPrincipal user, OrganizerAccounts accounts,
        SecurityEventLog securityEvents, TimeProvider time, CancellationToken ct)
    {
        var organizerId = user.OrganizerId();
        var hostPin = await accounts.RotateHostPinAsync(organizerId, ct);
        if (hostPin is null)
        {
            return Problems.NotFound("This organizer no longer exists.");
        }
        securityEvents.Record(SecurityEventKind.HostPinRotated, time.GetUtcNow(), callSid: null, caller: null, meetingId: null,
            $"organizer {organizerId} rotated its host PIN; the old PIN is refused", organizerId: organizerId);
        return TypedResults.Ok(new RotatedHostPin(hostPin));
    }

    /// <summary>The organizer lifts the lock on its own host-PIN entry.</summary>
    private static async Task<Ok<LockLifted>> LiftHostPinLockAsync(ClaimsPrincipal user, HostPinStore hostPins, SecurityEventLog securityEvents,
        TimeProvider time, CancellationToken ct)
    {
        var organizerId = user.OrganizerId();
        var now = time.GetUtcNow();
        var wasLocked = await hostPins.LiftAsync(organizerId, now, ct);
        securityEvents.Record(SecurityEventKind.HostPinLockLifted, now, callSid: null, caller: null, meetingId: null,
            $"host-PIN lock of organizer {organizerId} lifted by the organizer" + (wasLocked ? "" : " (no lock was in force)"), organizerId: organizerId);
        return TypedResults.Ok(new LockLifted(wasLocked));
    }
}
