using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrGateway.Organizers;

public sealed record CreateOrganizerRequest(string? Name, string? Email, string? TimeZone);

public sealed record CreatedOrganizer(string Id, string Name, string Email, string TimeZone, string ApiKey, string HostPin, string PersonalAccessCode);

public sealed record OrganizerProfile(string Id, string Name, string Email, string TimeZone, string HostPin, string PersonalAccessCode, SecuritySettings Security);

public sealed record SecuritySettings(bool OneTimeAccessCode, PasscodeMode PasscodeMode, string? SharedPasscode);

public sealed record SecuritySettingsRequest(bool? OneTimeAccessCode, PasscodeMode? PasscodeMode, string? SharedPasscode);

public sealed record ContactRequest(string? Name, string? Email, string? Phone);

internal static class OrganizerEndpoints
{
    /// <summary>Accounts (admin), Settings &gt; Security and the address book (organizer).</summary>
    public static RouteGroupBuilder MapOrganizerApi(this RouteGroupBuilder api)
    {
        api.MapPost("/organizers", CreateAsync).RequireAuthorization(Policies.Admin).WithName("CreateOrganizer")
            .Accepts<CreateOrganizerRequest>("application/json").Produces<CreatedOrganizer>(201);

        var me = api.MapGroup("/me").RequireAuthorization(Policies.Organizer).WithTags("Organizer");
        me.MapGet("/", GetProfileAsync).WithName("GetProfile");
        me.MapGet("/security", GetSecurityAsync).WithName("GetSecurity");
        me.MapPut("/security", PutSecurityAsync).WithName("PutSecurity").Accepts<SecuritySettingsRequest>("application/json");
        me.MapPost("/contacts", AddContactAsync).WithName("AddContact").Accepts<ContactRequest>("application/json").Produces<Contact>(201);
        me.MapGet("/contacts", ListContactsAsync).WithName("ListContacts");
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, OrganizerAccounts accounts)
    {
        var (request, problem) = await JsonBody.ReadAsync<CreateOrganizerRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        var errors = new FieldErrors();
        if (ContactDetails.NameProblem(request!.Name) is { } nameProblem)
        {
            errors.Add("name", nameProblem);
        }
        if (ContactDetails.EmailProblem(request.Email) is { } emailProblem)
        {
            errors.Add("email", emailProblem);
        }
        if (TimeZones.FindIana(request.TimeZone) is null)
        {
            errors.Add("timeZone", TimeZones.Problem);
        }
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var created = await accounts.CreateAsync(request!.Name!.Trim(), request.Email!.Trim(), request.TimeZone!, http.RequestAborted);
        return created is null
            ? Problems.Conflict("Could not reserve a free personal access code; try again.")
            : TypedResults.Created($"/api/v1/organizers/{created.Id}", created);
    }

    private static async Task<IResult> GetProfileAsync(HttpContext http, OrganizerStore store, SecretProtector protector)
    {
        var organizer = await store.GetAsync(http.User.OrganizerId(), http.RequestAborted);
        if (organizer is null)
        {
            return Problems.NotFound("This organizer no longer exists.");
        }
        return TypedResults.Ok(new OrganizerProfile(organizer.Id, organizer.Name, organizer.Email, organizer.TimeZone,
            protector.Unprotect(organizer.HostPinProtected), protector.Unprotect(organizer.PersonalAccessCodeProtected),
            View(organizer.Security, protector)));
    }

    private static async Task<IResult> GetSecurityAsync(HttpContext http, OrganizerStore store, SecretProtector protector)
    {
        var organizer = await store.GetAsync(http.User.OrganizerId(), http.RequestAborted);
        return organizer is null ? Problems.NotFound("This organizer no longer exists.") : TypedResults.Ok(View(organizer.Security, protector));
    }

    private static async Task<IResult> PutSecurityAsync(HttpContext http, OrganizerStore store, SecretHasher hasher, SecretProtector protector)
    {
        var (request, problem) = await JsonBody.ReadAsync<SecuritySettingsRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        var organizer = await store.GetAsync(http.User.OrganizerId(), http.RequestAborted);
        if (organizer is null)
        {
            return Problems.NotFound("This organizer no longer exists.");
        }
        var current = organizer.Security;
        var mode = request!.PasscodeMode ?? current.PasscodeMode;
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
        await store.SaveSecurityAsync(updated, roomHash, http.RequestAborted);
        return TypedResults.Ok(View(defaults, protector));
    }

    private static async Task<IResult> AddContactAsync(HttpContext http, OrganizerAccounts accounts)
    {
        var (request, problem) = await JsonBody.ReadAsync<ContactRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        var errors = new FieldErrors();
        if (ContactDetails.NameProblem(request!.Name) is { } nameProblem)
        {
            errors.Add("name", nameProblem);
        }
        if (ContactDetails.EmailProblem(request.Email) is { } emailProblem)
        {
            errors.Add("email", emailProblem);
        }
        var phone = ContactDetails.ToE164(request.Phone);
        if (request.Phone is not null && phone is null)
        {
            errors.Add("phone", ContactDetails.PhoneProblem);
        }
        if (errors.Any)
        {
            return errors.ToResult();
        }
        var contact = await accounts.AddContactAsync(http.User.OrganizerId(), request.Name!.Trim(), request.Email!.Trim(), phone, http.RequestAborted);
        if (contact is null)
        {
            return Problems.Conflict($"The address book is full ({OrganizerStore.MaxContacts} contacts).");
        }
        return TypedResults.Created($"/api/v1/me/contacts/{contact.Id}", contact);
    }

    private static async Task<Ok<IReadOnlyList<Contact>>> ListContactsAsync(HttpContext http, OrganizerStore store) =>
        TypedResults.Ok(await store.ListContactsAsync(http.User.OrganizerId(), http.RequestAborted));

    private static SecuritySettings View(SecurityDefaults defaults, SecretProtector protector) =>
        new(defaults.OneTimeAccessCode, defaults.PasscodeMode,
            defaults.SharedPasscodeProtected is { } p ? protector.Unprotect(p) : null);
}
