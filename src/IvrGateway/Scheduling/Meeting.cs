using IvrGateway.Codes;

namespace IvrGateway.Scheduling;

public enum MeetingStatus
{
    Scheduled,
    Cancelled,
}

/// <summary>
/// A scheduled meeting as stored. Secrets appear only encrypted; <c>SlotId</c> is its access code's slot.
/// <see cref="Sequence"/> counts reschedules and the cancel: it is the calendar entries' <c>SEQUENCE</c>.
/// </summary>
public sealed record Meeting(
    string Id,
    string OrganizerId,
    string Title,
    DateTimeOffset Start,
    int DurationMinutes,
    string TimeZone,
    bool WaitForHost,
    AccessCodeKind AccessCodeKind,
    string SlotId,
    string AccessCodeProtected,
    DateTimeOffset ActiveFrom,
    DateTimeOffset ActiveUntil,
    PasscodeMode PasscodeMode,
    string? SharedPasscodeProtected,
    IReadOnlyList<Invitee> Invitees,
    MeetingStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CancelledAt,
    int Sequence = 0)
{
    public DateTimeOffset End => Start.AddMinutes(DurationMinutes);
}

/// <summary>An invited contact, with the passcode (unique mode) and join token that are theirs alone.</summary>
public sealed record Invitee(string ContactId, string Name, string Email, string? Phone, string? PasscodeProtected, string JoinTokenProtected);

/// <summary>A meeting and the version it was read at, for optimistic concurrency.</summary>
public sealed record StoredMeeting(Meeting Meeting, long Version);
