using System.Globalization;
using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Scheduling;

namespace IvrGateway.Portal.Meetings;

/// <summary>A dial-in number with the participants' one-tap string and the host's (access code and host PIN in one go).</summary>
public sealed record DialInRow(string Number, string Country, string OneTap, string HostOneTap);

/// <summary>One invitee's invitation as the organizer sees it: their link and passcode (their own, or the shared one).</summary>
public sealed record InvitationRow(string ContactId, string Name, string Email, string JoinUrl, string? Passcode, string? OneTap);

/// <summary>One participant's call in a meeting: who (address book or role), under which label, when, how long; the number masked.</summary>
public sealed record AttendanceRow(string Who, string Label, string Role, string? Email, string Phone, DateTimeOffset? Joined, DateTimeOffset? Left, double? Seconds)
{
    public static IReadOnlyList<AttendanceRow> From(Meeting meeting, IEnumerable<AttendanceEntry> entries, string organizerName,
        IReadOnlyDictionary<string, (string Name, string Email)> contacts) =>
        entries.Select(e =>
        {
            var contact = e.ContactId is { } id && contacts.TryGetValue(id, out var c) ? c : ((string Name, string Email)?)null;
            var who = e.Role == Admission.HostRole ? organizerName + " (host)" : contact?.Name ?? "Guest";
            return new AttendanceRow(who, e.DisplayName, e.Role, contact?.Email, CallerMask.Mask(e.CallerNumber), e.JoinedAt, e.LeftAt, e.DurationSeconds);
        }).ToList();

    /// <summary>"25 min", "1 h 05 min", or "still in the call".</summary>
    public string DurationText => Seconds switch
    {
        null => Left is null ? "still in the call" : "",
        < 60 => $"{(int)Seconds.Value} s",
        < 3600 => $"{(int)(Seconds.Value / 60)} min",
        _ => string.Format(CultureInfo.InvariantCulture, "{0} h {1:00} min", (int)(Seconds.Value / 3600), (int)(Seconds.Value % 3600 / 60)),
    };
}
