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
        me.MapPatch("/", PatchProfileAsync).WithName("PatchProfile").Accepts<ProfileRequest>("application/json");
        me.MapPut("/contacts/{id}", UpdateContactAsync).WithName("UpdateContact").Accepts<ContactRequest>("application/json");
        me.MapDelete("/contacts/{id}", DeleteContactAsync).WithName("DeleteContact");
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
        return TypedResults.Ok(ProfileView(organizer, protector));
    }

    private static async Task<Results<Ok<SecuritySettings>, ProblemHttpResult>> GetSecurityAsync(
        ClaimsPrincipal user, OrganizerStore store, SecretProtector protector, CancellationToken ct)
    {
        var organizer = await store.GetAsync(user.OrganizerId(), ct);
        return organizer is null ? Problems.NotFound("This organizer no longer exists.") : TypedResults.Ok(View(organizer.Security, protector));
    }

    private static async Task<Results<Ok<SecuritySettings>, ValidationProblem, ProblemHttpResult>> PutSecurityAsync(
        JsonBody<SecuritySettingsRequest> body, ClaimsPrincipal user, OrganizerAccounts accounts, SecretProtector protector, CancellationToken ct)
    {
        var request = body.Value;
        var change = await accounts.ChangeSecurityAsync(user.OrganizerId(), request.OneTimeAccessCode, request.PasscodeMode, request.SharedPasscode, ct);
        return change switch
        {
            { Outcome: ChangeOutcome.Saved, Defaults: { } defaults } => TypedResults.Ok(View(defaults, protector)),
            { SharedPasscodeProblem: { } problem } => Problems.Field("sharedPasscode", problem),
            _ => Problems.NotFound("This organizer no longer exists."),
        };
    }

    // One contact per address, as in the portal and the CSV import: an invitee's mail and link must not depend on which copy was picked.
    private const string DuplicateEmail = "A contact with this email address is already in your address book.";

    private static async Task<Results<Created<Contact>, ProblemHttpResult>> AddContactAsync(
        JsonBody<ContactRequest> body, ClaimsPrincipal user, OrganizerAccounts accounts, CancellationToken ct)
    {
        var request = body.Value;
        if (await accounts.IsEmailInBookAsync(user.OrganizerId(), request.Email!, exceptContactId: null, ct))
        {
            return Problems.Conflict(DuplicateEmail);
        }
        var phone = ContactDetails.ToE164(request.Phone);
        var contact = await accounts.AddContactAsync(user.OrganizerId(), request.Name!.Trim(), request.Email!.Trim(), phone, ContactDetails.ToLocale(request.Locale),
            ContactDetails.ToTimeZone(request.TimeZone), ct);
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

    /// <summary>Settings &gt; Profile: name, time zone and the phone Start's Call me rings; answers the profile as <c>GET /api/v1/me</c> does.</summary>
    private static async Task<Results<Ok<OrganizerProfile>, ProblemHttpResult>> PatchProfileAsync(
        JsonBody<ProfileRequest> body, ClaimsPrincipal user, OrganizerAccounts accounts, SecretProtector protector, CancellationToken ct)
    {
        var request = body.Value;
        var organizer = await accounts.ChangeProfileAsync(user.OrganizerId(), request.Name, request.TimeZone, request.PhoneE164, ct);
        return organizer is null ? Problems.NotFound("This organizer no longer exists.") : TypedResults.Ok(ProfileView(organizer, protector));
    }

    /// <summary>Replaces a contact's details; another organizer's contact does not exist here (404).</summary>
    private static async Task<Results<Ok<Contact>, ProblemHttpResult>> UpdateContactAsync(
        string id, JsonBody<ContactRequest> body, ClaimsPrincipal user, OrganizerAccounts accounts, CancellationToken ct)
    {
        var request = body.Value;
        if (await accounts.IsEmailInBookAsync(user.OrganizerId(), request.Email!, exceptContactId: id, ct))
        {
            return Problems.Conflict(DuplicateEmail);
        }
        var contact = await accounts.UpdateContactAsync(user.OrganizerId(), id, request.Name!.Trim(), request.Email!.Trim(), ContactDetails.ToE164(request.Phone),
            ContactDetails.ToLocale(request.Locale), ContactDetails.ToTimeZone(request.TimeZone), ct);
        return contact is null ? Problems.NotFound("This contact is not in your address book.") : TypedResults.Ok(contact);
    }

    /// <summary>Deletes a contact from the address book; meetings it was invited to keep their own copy of the invitee.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteContactAsync(string id, ClaimsPrincipal user, OrganizerStore store, CancellationToken ct) =>
        await store.DeleteContactAsync(user.OrganizerId(), id, ct) ? TypedResults.NoContent() : Problems.NotFound("This contact is not in your address book.");

    // The personal room always uses Settings > Security: its passcode is the shared one, when that is the mode.
    internal static OrganizerProfile ProfileView(Organizer organizer, SecretProtector protector)
    {
        var security = View(organizer.Security, protector);
        return new OrganizerProfile(organizer.Id, organizer.Name, organizer.Email, organizer.TimeZone,
            protector.Unprotect(organizer.HostPinProtected), protector.Unprotect(organizer.PersonalAccessCodeProtected),
            security, security.PasscodeMode == PasscodeMode.Shared ? security.SharedPasscode : null, organizer.Phone);
    }
}
