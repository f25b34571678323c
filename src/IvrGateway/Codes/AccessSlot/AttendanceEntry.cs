namespace IvrGateway.Codes;

/// <summary>
/// One participant's presence in a meeting, as the conference callbacks recorded it. <see cref="ContactEmail"/> is filled in
/// from the address book for the organizer's view, so two invitees of the same name can be told apart. <see cref="Channel"/> is
/// <c>web</c> for a participant who joined from the browser, null for a phone call.
/// </summary>
public sealed record AttendanceEntry(
    string CallSid,
    string MeetingId,
    string DisplayName,
    string Role,
    string? CallerNumber,
    string? ContactId,
    string PasscodeKind,
    DateTimeOffset? JoinedAt,
    DateTimeOffset? LeftAt,
    string? ContactEmail = null,
    string? Channel = null)
{
    public double? DurationSeconds => JoinedAt is { } j && LeftAt is { } l ? (l - j).TotalSeconds : null;
}
