using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using IvrGateway.Infrastructure;
using IvrGateway.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrGateway.Join;

/// <summary>The calendar entry behind an invitee's join link (<c>/join/{token}/invite.ics</c>).</summary>
internal static class JoinCalendar
{
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CalendarAsync(string token, HttpContext http, JoinInvitations invitations)
    {
        var invitation = await invitations.FindViewAsync(token, http.RequestAborted);
        if (invitation is not { } found)
        {
            return Problems.NotFound("This join link is not valid.");
        }
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(Encoding.UTF8.GetBytes(Calendar(found.View, found.Invitee)), "text/calendar; charset=utf-8", "invite.ics");
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
}
