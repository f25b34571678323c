using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrGateway.Scheduling;

/// <summary>
/// What an invitee's join link opens: their own dial-in details with one-tap links, and a
/// calendar entry. The 256-bit token in the link is the only credential, looked up by hash.
/// </summary>
internal static class JoinPage
{
    public static WebApplication MapJoinPages(this WebApplication app)
    {
        app.MapGet("/join/{token}", PageAsync).ExcludeFromDescription();
        app.MapGet("/join/{token}/invite.ics", CalendarAsync).ExcludeFromDescription();
        return app;
    }

    private sealed record Invitation(MeetingView Meeting, InvitationView Invitee);

    private static async Task<Invitation?> FindAsync(string token, MeetingStore store, MeetingViews views, SecretHasher hasher, CancellationToken ct)
    {
        if (token.Length is < 20 or > 100)
        {
            return null;
        }
        var location = await store.FindJoinTokenAsync(hasher.JoinToken(token), ct);
        if (location is not { } found)
        {
            return null;
        }
        var stored = await store.GetAsync(found.MeetingId, ct);
        if (stored is null)
        {
            return null;
        }
        var view = views.Render(stored.Meeting);
        var invitee = view.Invitations.FirstOrDefault(i => i.ContactId == found.ContactId);
        return invitee is null ? null : new Invitation(view, invitee);
    }

    private static async Task<ContentHttpResult> PageAsync(string token, HttpContext http, MeetingStore store, MeetingViews views, SecretHasher hasher)
    {
        var invitation = await FindAsync(token, store, views, hasher, http.RequestAborted);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        if (invitation is null)
        {
            return TypedResults.Content(Page("Link not found", "<p>This join link is not valid, or its meeting is long over.</p>"), "text/html; charset=utf-8", statusCode: 404);
        }
        var (m, i) = invitation;
        var h = HtmlEncoder.Default;
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<h1>{h.Encode(m.Title)}</h1>");
        body.Append(CultureInfo.InvariantCulture, $"<p>For {h.Encode(i.Name)}. {h.Encode(m.Start.ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture))} ({h.Encode(m.TimeZone)}), {m.DurationMinutes} minutes.</p>");
        if (m.Status == MeetingStatus.Cancelled)
        {
            body.Append("<p class=\"cancelled\"><strong>This meeting was cancelled.</strong></p>");
        }
        body.Append("<dl>");
        body.Append(CultureInfo.InvariantCulture, $"<dt>Access code</dt><dd class=\"code\">{h.Encode(m.AccessCode)}</dd>");
        if (i.Passcode is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<dt>Passcode</dt><dd class=\"code\">{h.Encode(i.Passcode)}</dd>");
        }
        body.Append("</dl><h2>Dial in</h2><ul>");
        foreach (var dial in i.DialStrings)
        {
            body.Append(CultureInfo.InvariantCulture,
                $"<li><a href=\"tel:{h.Encode(Uri.EscapeDataString(dial.Value).Replace("%2C", ",", StringComparison.Ordinal).Replace("%2B", "+", StringComparison.Ordinal))}\">{h.Encode(dial.Number)}</a> ({h.Encode(dial.Country)}), one tap: <code>{h.Encode(dial.Value)}</code></li>");
        }
        body.Append(CultureInfo.InvariantCulture, $"</ul><p><a href=\"{h.Encode(i.CalendarUrl)}\">Add to calendar (.ics)</a></p>");
        return TypedResults.Content(Page(m.Title, body.ToString()), "text/html; charset=utf-8");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CalendarAsync(string token, HttpContext http, MeetingStore store, MeetingViews views, SecretHasher hasher)
    {
        var invitation = await FindAsync(token, store, views, hasher, http.RequestAborted);
        if (invitation is null)
        {
            return Problems.NotFound("This join link is not valid.");
        }
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(Encoding.UTF8.GetBytes(Calendar(invitation.Meeting, invitation.Invitee)), "text/calendar; charset=utf-8", "invite.ics");
    }

    internal static string Calendar(MeetingView m, InvitationView i)
    {
        var lines = new List<string> { $"Access code: {m.AccessCode}" };
        if (i.Passcode is not null)
        {
            lines.Add($"Passcode: {i.Passcode}");
        }
        lines.AddRange(i.DialStrings.Select(d => $"Dial {d.Number} ({d.Country}), one tap: {d.Value}"));
        lines.Add($"Details: {i.JoinUrl}");
        var calendar = new Ical.Net.Calendar { Method = m.Status == MeetingStatus.Cancelled ? "CANCEL" : "PUBLISH" };
        calendar.Events.Add(new CalendarEvent
        {
            Uid = $"{m.Id}-{i.ContactId}@ivrgateway",
            Summary = m.Title,
            Start = new CalDateTime(m.Start.UtcDateTime, "UTC"),
            End = new CalDateTime(m.End.UtcDateTime, "UTC"),
            Location = i.DialString ?? m.AccessCode,
            Description = string.Join("\n", lines),
            Url = new Uri(i.JoinUrl),
            Status = m.Status == MeetingStatus.Cancelled ? "CANCELLED" : "CONFIRMED",
        });
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    private static string Page(string title, string body) =>
        $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><title>{{HtmlEncoder.Default.Encode(title)}}</title>
        <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
        .code{font:1.4rem monospace;letter-spacing:.1em}dt{font-weight:600}.cancelled{color:#a00}</style></head>
        <body>{{body}}</body></html>
        """;
}
