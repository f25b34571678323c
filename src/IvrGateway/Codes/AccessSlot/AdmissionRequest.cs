namespace IvrGateway.Codes;

/// <summary>One caller asking to be let in, with the keyed hash of what they typed.</summary>
public sealed record AdmissionRequest(AdmissionKind Kind, string CallSid, string Caller, string? Token, string SecretHash, string GuestLabel);
