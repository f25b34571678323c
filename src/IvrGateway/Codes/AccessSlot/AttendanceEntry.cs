namespace IvrGateway.Codes;

/// <summary>One participant's presence in a meeting, as the conference callbacks recorded it.</summary>
public sealed record AttendanceEntry(
    string CallSid,
    string MeetingId,
    string DisplayName,
    string Role,
    string? CallerNumber,
    string? ContactId,
    string PasscodeKind,
    DateTimeOffset? JoinedAt,
    DateTimeOffset? LeftAt)
{
    public double? DurationSeconds => JoinedAt is { } j && LeftAt is { } l ? (l - j).TotalSeconds : null;
}
