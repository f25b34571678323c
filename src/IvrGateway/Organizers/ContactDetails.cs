using System.Globalization;
using System.Net.Mail;
using IvrGateway.Infrastructure;
using PhoneNumbers;

namespace IvrGateway.Organizers;

/// <summary>Names, e-mail addresses and phone numbers as people type them, checked and normalised.</summary>
internal static class ContactDetails
{
    public const int MaxNameLength = 100;

    public static string? NameProblem(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "A name is required."
        : name.Trim().Length > MaxNameLength ? $"A name may be at most {MaxNameLength} characters."
        : name.Any(char.IsControl) ? "A name may not contain control characters."
        : null;

    public static string? EmailProblem(string? email) =>
        string.IsNullOrWhiteSpace(email) ? "An e-mail address is required."
        : email.Length > 254 || !MailAddress.TryCreate(email.Trim(), out var parsed) || parsed.Address != email.Trim() || !parsed.Host.Contains('.')
            ? "This is not an e-mail address."
        : null;

    /// <summary>E.164 (+15551234567), or null when the text is not a valid international number.</summary>
    public static string? ToE164(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone) || phone.Length > 32 || !phone.TrimStart().StartsWith('+'))
        {
            return null;
        }
        var util = PhoneNumberUtil.GetInstance();
        try
        {
            var number = util.Parse(phone, null);
            // "Possible" rather than "assigned", so fictional 555 numbers work in demos and tests.
            return util.IsPossibleNumber(number) ? util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>A known culture name in its canonical spelling (<c>es-us</c> → <c>es-US</c>), or null.</summary>
    public static string? ToLocale(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale) || locale.Length > 20)
        {
            return null;
        }
        try
        {
            var culture = CultureInfo.GetCultureInfo(locale.Trim(), predefinedOnly: true);
            return culture.Name.Contains('-') ? culture.Name : null;
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// The IANA time zone in the spelling the system gives it, by the organizer profile's own rule (<see cref="TimeZones.FindIana"/>),
    /// or null. Surrounding blanks are forgiven, as a spreadsheet cell or a form field may carry them.
    /// </summary>
    public static string? ToTimeZone(string? timeZone) => TimeZones.FindIana(timeZone?.Trim())?.Id;

    public const string LocaleProblem = "This is not a locale; write it as en-US or es-US.";

    public const string PhoneProblem = "This is not a valid international phone number; write it as +15551234567.";

    /// <summary>A stored E.164 number as people read it (<c>+1 202-555-0101</c>); empty for none.</summary>
    public static string Format(string? e164)
    {
        if (string.IsNullOrEmpty(e164))
        {
            return "";
        }
        var util = PhoneNumberUtil.GetInstance();
        try
        {
            return util.Format(util.Parse(e164, null), PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }
}
