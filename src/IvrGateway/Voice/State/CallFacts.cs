namespace IvrGateway.Voice.State;

/// <summary>What the flow learned about a call, kept in its state and its call-log record; null leaves a fact as it was.</summary>
public sealed record CallFacts(
    string? SlotId = null,
    string? OrganizerId = null,
    string? MeetingId = null,
    string? CodeKind = null,
    string? Role = null,
    string? Label = null,
    string? Conference = null,
    string? ContactId = null,
    string? PasscodeKind = null);
