namespace IvrGateway.CallLog;

/// <summary>One page of a call-log query, newest first; <c>NextCursor</c> continues it.</summary>
public sealed record CallLogPage(IReadOnlyList<CallRecord> Calls, string? NextCursor);
