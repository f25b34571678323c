using IvrGateway.Codes;

namespace IvrGateway.Scheduling;

// What /api/v1/conferences answers; property names are the public JSON contract.

internal sealed record DialString(string Number, string Country, string Value);

internal sealed record InvitationView(
    string ContactId,
    string Name,
    string Email,
    string JoinUrl,
    string CalendarUrl,
    string? Passcode,
    string? DialString,
    IReadOnlyList<DialString> DialStrings);

internal sealed record MeetingView(
    string Id,
    string Title,
    MeetingStatus Status,
    DateTimeOffset Start,
    DateTimeOffset End,
    int DurationMinutes,
    string TimeZone,
    bool WaitForHost,
    string AccessCode,
    AccessCodeKind AccessCodeKind,
    DateTimeOffset ActiveFrom,
    DateTimeOffset ActiveUntil,
    PasscodeMode PasscodeMode,
    string? SharedPasscode,
    IReadOnlyList<DialInNumber> DialInNumbers,
    IReadOnlyList<InvitationView> Invitations);

/// <summary>
/// What ops read about a meeting: when, whose, how it is protected, who is invited. Never its access
/// code, passcodes, links or dial strings: those open the meeting, and ops do not join meetings.
/// </summary>
internal sealed record MeetingMetadataView(
    string Id,
    string OrganizerId,
    string Title,
    MeetingStatus Status,
    DateTimeOffset Start,
    DateTimeOffset End,
    int DurationMinutes,
    string TimeZone,
    bool WaitForHost,
    AccessCodeKind AccessCodeKind,
    DateTimeOffset ActiveFrom,
    DateTimeOffset ActiveUntil,
    PasscodeMode PasscodeMode,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CancelledAt,
    IReadOnlyList<InviteeMetadataView> Invitees);

internal sealed record InviteeMetadataView(string ContactId, string Name, string Email);
