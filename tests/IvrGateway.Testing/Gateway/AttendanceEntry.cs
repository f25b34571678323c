namespace IvrGateway.Testing.Gateway;

/// <summary>What the management API answers, as far as the tests read it.</summary>
public sealed record AttendanceEntry(
    string CallSid, string MeetingId, string DisplayName, string Role, string? CallerNumber, string? ContactId, DateTimeOffset? JoinedAt, DateTimeOffset? LeftAt,
    string? Channel = null);
