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

internal sealed record ContactRequest(string? Name, string? Email, string? Phone, string? Locale = null) : IValidatableRequest
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
    }
}

/// <summary>Settings &gt; Security. Checked against the stored settings by the endpoint (a mode may keep the stored passcode).</summary>
internal sealed record SecuritySettingsRequest(bool? OneTimeAccessCode, PasscodeMode? PasscodeMode, string? SharedPasscode);
