namespace IvrGateway.Voice.State;

/// <summary>
/// A call as its shard keeps it: in progress (the call state) or ended (its call-log stream entry).
/// <see cref="StepsJson"/> is the step log, a JSON array of <see cref="CallEvent"/>. <see cref="Channel"/> is how the caller came:
/// <c>web</c> for a browser (<c>/voice/client</c>), null for a phone.
/// </summary>
public sealed record CallEntry(
    string CallSid,
    string From,
    string? To,
    string? Locale,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    int? DurationSeconds,
    string? Status,
    string? Outcome,
    string? SlotId,
    string? MeetingId,
    string? Role,
    string? Label,
    string? Conference,
    string? PasscodeKind,
    string StepsJson,
    string? Channel = null);
