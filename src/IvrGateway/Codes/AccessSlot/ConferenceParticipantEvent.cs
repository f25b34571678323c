namespace IvrGateway.Codes;

/// <summary>A conference callback as the roster recorded it: for a participant it holds, their caller and channel (<c>web</c>, or null for a phone).</summary>
public sealed record ConferenceParticipantEvent(bool Recorded, string? Caller, string? Channel);
