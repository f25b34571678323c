namespace IvrGateway.Voice.State;

/// <summary>What one step found, to be recorded and counted atomically; <paramref name="Asks"/> is Proceed, Retry or End.</summary>
public sealed record StepRecord(
    string Step,
    Verdict Asks,
    CallEvent Event,
    int TriesAllowed = 1,
    bool CountsAsFailure = false,
    bool SpendsLookup = false,
    string? NextStep = null,
    CallFacts? Facts = null);

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
