using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Auth;
using IvrGateway.Infrastructure.Security;
using IvrGateway.Organizers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Portal.Settings;

/// <summary>
/// Settings &gt; Profile: name, time zone, the phone Start's Call me rings; the host PIN and personal room as <c>GET /api/v1/me</c>
/// shows them; rotating the host PIN or the API key (Post/Redirect/Get: the POST rotates and answers 303 to this page, which shows
/// the new secret once, so a reload or the browser's "resend the form?" never rotates a second time; portal pages are never cached).
/// </summary>
public sealed class ProfileModel(OrganizerAccounts accounts, OrganizerStore store, SecretProtector protector, SecurityEventLog securityEvents, TimeProvider time)
    : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? TimeZone { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    public string Email { get; private set; } = "";

    public string HostPin { get; private set; } = "";

    public string PersonalAccessCode { get; private set; } = "";

    public string? PersonalRoomPasscode { get; private set; }

    /// <summary>A secret just rotated, shown once: "host PIN" or "API key", and its value.</summary>
    public (string What, string Value)? Rotated { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>IANA time zones for the select, by name.</summary>
    public static IReadOnlyList<string> TimeZoneIds { get; } = TimeZoneInfo.GetSystemTimeZones()
        .Where(z => z.HasIanaId && (z.Id.Contains('/', StringComparison.Ordinal) || z.Id == "UTC") && !z.Id.StartsWith("Etc/", StringComparison.Ordinal))
        .Select(z => z.Id).Order(StringComparer.Ordinal).ToList();

    // The secret a rotation hands to the GET after its redirect. TempData here is the default cookie provider: the value is
    // encrypted with data protection, the cookie is HttpOnly (never readable by script) and the provider deletes it in the answer
    // to the first GET that reads it; nothing of it is kept on the server, so no one-read Redis entry has to be cleaned up.
    private const string RotatedWhatKey = "RotatedWhat";
    private const string RotatedValueKey = "RotatedValue";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var organizer = await store.GetAsync(User.OrganizerId(), ct);
        if (organizer is null)
        {
            return NotFound();
        }
        // Read both whatever they hold, so both are consumed by this GET: a reload after the reveal shows the normal page.
        var what = TempData[RotatedWhatKey] as string;
        var value = TempData[RotatedValueKey] as string;
        if (what is "host PIN" or "API key" && !string.IsNullOrEmpty(value))
        {
            Rotated = (what, value);
        }
        Show(organizer, fillForm: true);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var request = new ProfileRequest(Name ?? "", TimeZone ?? "", Phone ?? "");
        var errors = new FieldErrors();
        request.Validate(errors);
        if (errors.Any || !ModelState.IsValid)
        {
            foreach (var (field, messages) in errors.ToDictionary())
            {
                Errors[field] = messages[0];
            }
            if (Errors.Count == 0)
            {
                Errors["name"] = "The form could not be read; check each field.";
            }
            return await ShowAsync(fillForm: false, ct);
        }
        var organizer = await accounts.ChangeProfileAsync(User.OrganizerId(), request.Name, request.TimeZone, request.PhoneE164, ct);
        if (organizer is null)
        {
            return NotFound();
        }
        TempData["Status"] = "Profile saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRotatePinAsync(CancellationToken ct)
    {
        var organizerId = User.OrganizerId();
        var hostPin = await accounts.RotateHostPinAsync(organizerId, ct);
        if (hostPin is null)
        {
            return NotFound();
        }
        securityEvents.Record(SecurityEventKind.HostPinRotated, time.GetUtcNow(), callSid: null, caller: null, meetingId: null,
            $"organizer {organizerId} rotated its host PIN in the portal; the old PIN is refused", organizerId: organizerId);
        return ShowOnce("host PIN", hostPin);
    }

    public async Task<IActionResult> OnPostRotateKeyAsync(CancellationToken ct)
    {
        var organizerId = User.OrganizerId();
        var apiKey = await accounts.RotateApiKeyAsync(organizerId, ct);
        if (apiKey is null)
        {
            return NotFound();
        }
        securityEvents.Record(SecurityEventKind.ApiKeyRotated, time.GetUtcNow(), callSid: null, caller: null, meetingId: null,
            $"organizer {organizerId} rotated its API key in the portal; the old key is refused", organizerId: organizerId);
        return ShowOnce("API key", apiKey);
    }

    /// <summary>303 See Other to this page, which shows <paramref name="value"/> once (the GET after a POST, whatever the browser).</summary>
    private StatusCodeResult ShowOnce(string what, string value)
    {
        TempData[RotatedWhatKey] = what;
        TempData[RotatedValueKey] = value;
        Response.Headers.Location = Url.Page("/Portal/Settings/Profile");
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>A stored E.164 number as people read it (+1 202-555-0101).</summary>
    public static string Formatted(string? e164) => ContactDetails.Format(e164);

    private async Task<IActionResult> ShowAsync(bool fillForm, CancellationToken ct)
    {
        var organizer = await store.GetAsync(User.OrganizerId(), ct);
        if (organizer is null)
        {
            return NotFound();
        }
        Show(organizer, fillForm);
        return Page();
    }

    private void Show(Organizer organizer, bool fillForm)
    {
        if (fillForm)
        {
            Name = organizer.Name;
            TimeZone = organizer.TimeZone;
            Phone = Formatted(organizer.Phone);
        }
        Email = organizer.Email;
        HostPin = protector.Unprotect(organizer.HostPinProtected);
        PersonalAccessCode = protector.Unprotect(organizer.PersonalAccessCodeProtected);
        PersonalRoomPasscode = organizer.Security is { PasscodeMode: PasscodeMode.Shared, SharedPasscodeProtected: { } p } ? protector.Unprotect(p) : null;
    }
}
