namespace IvrGateway.Portal.Contacts;

/// <summary>How the address book pages name things.</summary>
public static class ContactsView
{
    /// <summary>A mail language as the organizer reads it.</summary>
    public static string LocaleName(string? locale) => locale switch
    {
        null or "" or "en-US" => "English (US)",
        "es-US" => "Español (US)",
        _ => locale,
    };

    /// <summary>Contact ids are short tokens; anything else is no contact of anyone's (404 without a store lookup).</summary>
    public static bool IsPlausibleId(string? id) => id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
