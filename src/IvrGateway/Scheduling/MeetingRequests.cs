using IvrGateway.Codes;

namespace IvrGateway.Scheduling;

// The JSON names are the public contract of /api/v1/conferences; the C# names say "meeting"
// because conference is only Twilio's room. Checked by MeetingRequestValidator, which needs the
// organizer, the clock and the address book.

internal sealed record SecurityRequest(bool? OneTimeAccessCode, PasscodeMode? PasscodeMode, string? SharedPasscode);

internal sealed record CreateMeetingRequest(
    string? Title,
    string? Start,
    int? DurationMinutes,
    string? TimeZone,
    List<string>? Invitees,
    SecurityRequest? Security,
    bool? WaitForHost);

internal sealed record RescheduleRequest(string? Title, string? Start, int? DurationMinutes, string? TimeZone, bool? WaitForHost);
