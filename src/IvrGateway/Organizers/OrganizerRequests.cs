using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Http;

namespace IvrGateway.Organizers;

internal sealed record CreateOrganizerRequest(string? Name, string? Email, string? TimeZone) : IValidatableRequest
{
    public void Validate(FieldErrors errors)
    {
        if (ContactDetails.NameProblem(Name) is { } nameProblem)
        {
            errors.Add("name", nameProblem);
        }
        if (ContactDetails.EmailProblem(Email) is { } emailProblem)
        {
            errors.Add("email", emailProblem);
        }
        if (TimeZones.FindIana(TimeZone) is null)
        {
            errors.Add("timeZone", TimeZones.Problem);
        }
    }
}

/// <summary>A contact as the API takes it; <see cref="TimeZone"/> is optional (IANA, as the organizer's own), null for none.</summary>
internal sealed record ContactRequest(string? Name, string? Email, string? Phone, string? Locale = null, string? TimeZone = null) : IValidatableRequest
{
    public void Validate(FieldErrors errors)
    {
        if (ContactDetails.NameProblem(Name) is { } nameProblem)
        {
            errors.Add("name", nameProblem);
        }
        if (ContactDetails.EmailProblem(Email) is { } emailProblem)
        {
            errors.Add("email", emailProblem);
        }
        if (Phone is not null && ContactDetails.ToE164(Phone) is null)
        {
            errors.Add("phone", ContactDetails.PhoneProblem);
        }
        if (Locale is not null && ContactDetails.ToLocale(Locale) is null)
        {
            errors.Add("locale", ContactDetails.LocaleProblem);
        }
        if (TimeZone is not null && ContactDetails.ToTimeZone(TimeZone) is null)
        {
            errors.Add("timeZone", TimeZones.Problem);
        }
    }
}

/// <summary>Settings &gt; Security. Checked against the stored settings by the endpoint (a mode may keep the stored passcode).</summary>
internal sealed record SecuritySettingsRequest(bool? OneTimeAccessCode, PasscodeMode? PasscodeMode, string? SharedPasscode);

/// <summary>
/// Settings &gt; Profile (<c>PATCH /api/v1/me</c> and the portal page): a field left out keeps its value; an empty
/// <see cref="Phone"/> clears the number.
/// </summary>
internal sealed record ProfileRequest(string? Name, string? TimeZone, string? Phone) : IValidatableRequest
{
    public void Validate(FieldErrors errors)
    {
        if (Name is not null && ContactDetails.NameProblem(Name) is { } nameProblem)
        {
            errors.Add("name", nameProblem);
        }
        if (TimeZone is not null && TimeZones.FindIana(TimeZone) is null)
        {
            errors.Add("timeZone", TimeZones.Problem);
        }
        if (!string.IsNullOrWhiteSpace(Phone) && ContactDetails.ToE164(Phone) is null)
        {
            errors.Add("phone", ContactDetails.PhoneProblem);
        }
    }

    /// <summary>The phone as stored: E.164, empty to clear, null to keep.</summary>
    public string? PhoneE164 => Phone is null ? null : string.IsNullOrWhiteSpace(Phone) ? "" : ContactDetails.ToE164(Phone);
}
