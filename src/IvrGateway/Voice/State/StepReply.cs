namespace IvrGateway.Voice.State;

/// <summary>What the caller's shard said about a step: the verdict, and the stored answer when the request was a replay.</summary>
public sealed record StepReply(Verdict Verdict, string? StoredAnswer = null, bool Replayed = false, bool NewlyLocked = false);
