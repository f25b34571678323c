using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using Microsoft.Extensions.Options;

namespace IvrGateway.Scheduling;

/// <summary>Turns a stored meeting into what its organizer reads: codes decrypted, times in the meeting's zone, invitations.</summary>
internal sealed class MeetingViews(SecretProtector protector, IOptions<SchedulingOptions> options)
{
    public MeetingView Render(Meeting m)
    {
        var zone = TimeZones.FindIana(m.TimeZone) ?? TimeZoneInfo.Utc;
        DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone);

        var accessCode = protector.Unprotect(m.AccessCodeProtected);
        var shared = m.SharedPasscodeProtected is { } s ? protector.Unprotect(s) : null;
        var numbers = options.Value.DialInNumbers;
        var invitations = m.Invitees.Select(i =>
        {
            var passcode = i.PasscodeProtected is { } p ? protector.Unprotect(p) : shared;
            var token = protector.Unprotect(i.JoinTokenProtected);
            var dialStrings = numbers.Select(n => new DialString(n.Number, n.Country, OneTapDialString(n.Number, accessCode, passcode))).ToList();
            return new InvitationView(i.ContactId, i.Name, i.Email, JoinLinks.Url(options.Value, token), JoinLinks.CalendarUrl(options.Value, token),
                passcode, dialStrings.FirstOrDefault()?.Value, dialStrings);
        }).ToList();
        return new MeetingView(m.Id, m.Title, m.Status, Local(m.Start), Local(m.End), m.DurationMinutes, m.TimeZone, m.WaitForHost,
            accessCode, m.AccessCodeKind, Local(m.ActiveFrom), Local(m.ActiveUntil), m.PasscodeMode, shared, numbers, invitations);
    }

    /// <summary>Ops' view: metadata only, nothing decrypted (see <see cref="MeetingMetadataView"/>).</summary>
    public static MeetingMetadataView Metadata(Meeting m)
    {
        var zone = TimeZones.FindIana(m.TimeZone) ?? TimeZoneInfo.Utc;
        DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone);
        return new MeetingMetadataView(m.Id, m.OrganizerId, m.Title, m.Status, Local(m.Start), Local(m.End), m.DurationMinutes, m.TimeZone,
            m.WaitForHost, m.AccessCodeKind, Local(m.ActiveFrom), Local(m.ActiveUntil), m.PasscodeMode, m.CreatedAt, m.CancelledAt,
            m.Invitees.Select(i => new InviteeMetadataView(i.ContactId, i.Name, i.Email)).ToList());
    }

    /// <summary>
    /// <c>+15551234567,,1234567890#,,4321#</c>: each comma is a two-second pause, enough for the
    /// greeting to start gathering before the digits are sent.
    /// </summary>
    public static string OneTapDialString(string number, string accessCode, string? passcode) =>
        passcode is null ? $"{number},,{accessCode}#" : $"{number},,{accessCode}#,,{passcode}#";
}
