namespace IvrGateway.Codes;

/// <summary>A meeting record as its access slot keeps it: an opaque document and its version.</summary>
public sealed record MeetingDocument(string Json, long Version);
