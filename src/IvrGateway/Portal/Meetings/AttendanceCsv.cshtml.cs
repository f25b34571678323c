using Microsoft.AspNetCore.Mvc.RazorPages;
using System.Globalization;
using System.Text;
using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Organizers;
using IvrGateway.Scheduling;
using Microsoft.AspNetCore.Mvc;

namespace IvrGateway.Portal.Meetings;

/// <summary>A meeting's attendance as CSV: every cell through <see cref="CsvCells"/>, numbers masked, times with the organizer's offset.</summary>
internal sealed class AttendanceCsvModel(OrganizerStore organizers, MeetingStore meetings, AccessSlotStore slots) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await OwnMeeting.FindAsync(User, id, organizers, meetings, ct) is not { } own)
        {
            return NotFound();
        }
        var (organizer, m) = own;
        var zone = MeetingDisplay.Zone(organizer.TimeZone);
        var contacts = await organizers.ListContactsAsync(organizer.Id, ct);
        var known = m.Invitees.Select(i => (i.ContactId, i.Name, i.Email))
            .Concat(contacts.Select(c => (ContactId: c.Id, c.Name, c.Email)))
            .DistinctBy(c => c.ContactId)
            .ToDictionary(c => c.ContactId, c => (c.Name, c.Email), StringComparer.Ordinal);
        var rows = AttendanceRow.From(m, await slots.RosterAsync(m.SlotId, m.Id, ct), organizer.Name, known);
        string Time(DateTimeOffset? instant) =>
            instant is { } i ? MeetingDisplay.Local(i, zone).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture) : "";
        var csv = new StringBuilder();
        csv.Append(CsvCells.Row(["who", "label", "role", "email", "phone", "joined", "left", "durationSeconds"])).Append("\r\n");
        foreach (var a in rows)
        {
            csv.Append(CsvCells.Row([a.Who, a.Label, a.Role, a.Email, a.Phone, Time(a.Joined), Time(a.Left),
                a.Seconds is { } s ? ((long)s).ToString(CultureInfo.InvariantCulture) : ""])).Append("\r\n");
        }
        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"attendance-{m.Id}.csv");
    }
}
