namespace IvrGateway.Voice.State;

/// <summary>An ended call and where it is in its shard's call-log stream.</summary>
public sealed record LoggedCall(int Shard, string StreamId, CallEntry? Call);
