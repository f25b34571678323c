using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using IvrGateway.Scheduling;

namespace IvrGateway.IntegrationTests.Portal;

/// <summary>The portal's meeting forms as a browser posts them, and what the tests read back.</summary>
internal static partial class PortalForms
{
    /// <summary>The Schedule form's fields; <paramref name="invitees"/> repeat as a checked checkbox list does.</summary>
    public static List<KeyValuePair<string, string>> Schedule(string title, string date, string time, string? passcodeMode = "none", string[]? invitees = null,
        string duration = "30", string timeZone = "America/New_York", bool oneTime = true, string? sharedPasscode = null, bool waitForHost = true)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("title", title), new("date", date), new("time", time), new("duration", duration), new("timeZone", timeZone),
        };
        fields.AddRange((invitees ?? []).Select(id => new KeyValuePair<string, string>("invitees", id)));
        if (waitForHost)
        {
            fields.Add(new("waitForHost", "true"));
        }
        if (oneTime)
        {
            fields.Add(new("oneTimeAccessCode", "true"));
        }
        if (passcodeMode is not null)
        {
            fields.Add(new("passcodeMode", passcodeMode));
        }
        fields.Add(new("sharedPasscode", sharedPasscode ?? ""));
        return fields;
    }

    /// <summary>Schedules through the form and answers the new meeting's id (from the redirect to its page).</summary>
    public static async Task<string> ScheduleOkAsync(this PortalClient portal, List<KeyValuePair<string, string>> fields)
    {
        using var response = await portal.PostFieldsAsync("/portal/meetings/new", fields, "/portal/meetings/new");
        var location = response.Headers.Location?.OriginalString ?? "";
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        Assert.That(location, Does.StartWith("/portal/meetings/mtg_"));
        return location["/portal/meetings/".Length..];
    }

    public static async Task<ConferenceDto> ConferenceAsync(this TestOrganizer organizer, string id) =>
        (await organizer.Http.GetFromJsonAsync<ConferenceDto>("/api/v1/conferences/" + id, IvrApplication.Json))!;

    /// <summary>Every meeting the organizer has, whatever its time or state, straight from the store.</summary>
    public static async Task<int> MeetingCountAsync(this IvrApplication app, TestOrganizer organizer) =>
        (await app.Service<MeetingStore>().ListAsync(organizer.Account.Id, DateTimeOffset.FromUnixTimeMilliseconds(0), DateTimeOffset.MaxValue, 10_000)).Count;

    /// <summary>The text of an element with this id (tags stripped), or null.</summary>
    public static string? Element(string html, string id)
    {
        var match = Regex.Match(html, $"<(\\w+)[^>]*\\bid=\"{Regex.Escape(id)}\"[^>]*>(.*?)</\\1>", RegexOptions.Singleline);
        return match.Success ? WebUtility.HtmlDecode(Tags().Replace(match.Groups[2].Value, "")).Trim() : null;
    }

    /// <summary>The HTML of a section, from its heading's id to the end of the section.</summary>
    public static string Section(string html, string headingId)
    {
        var start = html.IndexOf($"id=\"{headingId}\"", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0), $"no section {headingId}");
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    public static string Text(string html) => WebUtility.HtmlDecode(html);

    public static string Iso(DateTimeOffset instant) => instant.ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
