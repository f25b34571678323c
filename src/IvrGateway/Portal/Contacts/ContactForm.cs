using IvrGateway.Infrastructure;
using IvrGateway.Organizers;
using IvrGateway.Portal.Settings;
using IvrGateway.Scheduling.Invitations;

namespace IvrGateway.Portal.Contacts;

/// <summary>A contact as the add and edit forms hold it, checked with the API's rules (<see cref="ContactRequest"/>).</summary>
public sealed record ContactForm(string? Name, string? Email, string? Phone, string? Locale, string? TimeZone)
{
    /// <summary>The languages the invitation mail is written in.</summary>
    public static IReadOnlyList<string> Locales { get; } = [.. InvitationTexts.Locales.Order(StringComparer.Ordinal)];

    public static ContactForm Of(Contact contact) => new(contact.Name, contact.Email, ContactDetails.Format(contact.Phone), contact.Locale ?? "en-US", contact.TimeZone);

    /// <summary>
    /// The zones the select offers: the profile's list, with <paramref name="current"/> first when it is a zone the list leaves
    /// out (one saved through the API, such as <c>Etc/GMT+5</c>), so editing the contact keeps it.
    /// </summary>
    public static IReadOnlyList<string> TimeZoneChoices(string? current) =>
        ContactDetails.ToTimeZone(current) is { } zone && !ProfileModel.TimeZoneIds.Contains(zone) ? [zone, .. ProfileModel.TimeZoneIds] : ProfileModel.TimeZoneIds;

    public string? PhoneE164 => string.IsNullOrWhiteSpace(Phone) ? null : ContactDetails.ToE164(Phone);

    public string? LocaleName => string.IsNullOrWhiteSpace(Locale) ? null : ContactImport.Locale(Locale, Locales);

    /// <summary>The IANA zone as stored, or null for none (the empty choice).</summary>
    public string? TimeZoneId => string.IsNullOrWhiteSpace(TimeZone) ? null : ContactDetails.ToTimeZone(TimeZone);

    /// <summary>Field id → the first problem with it; empty when the contact can be saved (apart from a duplicate address).</summary>
    public Dictionary<string, string> Problems()
    {
        var errors = new FieldErrors();
        new ContactRequest(Name ?? "", Email ?? "", string.IsNullOrWhiteSpace(Phone) ? null : Phone, null).Validate(errors);
        var result = errors.ToDictionary().ToDictionary(e => e.Key, e => e.Value[0], StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(Locale) && LocaleName is null)
        {
            result["locale"] = "Choose one of the languages in the list.";
        }
        if (!string.IsNullOrWhiteSpace(TimeZone) && TimeZoneId is null)
        {
            result["timeZone"] = "Choose a time zone from the list, or none.";
        }
        return result;
    }
}

/// <summary>What the shared fields partial shows: the values and the errors next to them.</summary>
public sealed record ContactFieldsView(ContactForm Form, IReadOnlyDictionary<string, string> Errors);
