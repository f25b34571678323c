namespace IvrGateway.Codes;

/// <summary>An invitee's unique passcode (keyed hash) and whose it is.</summary>
public sealed record PasscodeHolder(string PasscodeHash, string MeetingId, string ContactId, string Name);
