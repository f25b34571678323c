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
