namespace IvrGateway.Codes;

/// <summary>
/// One caller asking to be let in, with the keyed hash of what they typed (none for a host, whose PIN
/// was verified in the host-PIN slot, or a guest). <paramref name="Member"/> names this try
/// (<c>callSid:step:attempt</c>): a failure is counted once per member. <paramref name="OrganizerId"/>
/// is the verified host's organizer, checked to be the code's. <paramref name="CheckOnly"/> runs every check (and counts a
/// wrong passcode) without taking a label or writing the roster: the join page asks it before it mints a browser's token.
/// <paramref name="Channel"/> marks how the participant joined in the roster (<c>web</c> for a browser; null for a phone).
/// <paramref name="MeetingId"/>, when set, is the one meeting the caller was sent for (Call me's ticket): admitted into it while it
/// is open, never into whichever meeting the code leads to now.
/// </summary>
public sealed record AdmissionRequest(AdmissionKind Kind, string CallSid, string Caller, string Member, string SecretHash, string GuestLabel,
    string OrganizerId = "", bool CheckOnly = false, string? Channel = null, string? MeetingId = null);
