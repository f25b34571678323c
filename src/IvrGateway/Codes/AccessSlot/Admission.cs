namespace IvrGateway.Codes;

/// <summary>How a caller asks to be let in: with a passcode, a host PIN, or as a guest (no passcode needed).</summary>
public enum AdmissionKind
{
    Passcode,
    Host,
    Guest,
}

public enum AdmissionResult
{
    Admitted,
    Wrong,
    WrongAndLocked,
    Locked,
    Gone,
    Full,
}

/// <summary>A caller let into a conference, under a label unique in it.</summary>
public sealed record Admission(
    AdmissionResult Result,
    string Label = "",
    int Copy = 0,
    string Role = "",
    string? MeetingId = null,
    string? ContactId = null,
    bool WaitForHost = true,
    string Conference = "",
    string PasscodeKind = "")
{
    public const string HostRole = "host";
    public const string ParticipantRole = "participant";

    public bool IsHost => Role == HostRole;
}

/// <summary>What Twilio's conference status callback reports about a participant or the conference.</summary>
public enum ConferenceChange
{
    Joined,
    Left,
    Ended,
}

/// <summary>One caller asking to be let in, with the keyed hash of what they typed.</summary>
public sealed record AdmissionRequest(AdmissionKind Kind, string CallSid, string Caller, string? Token, string SecretHash, string GuestLabel);

/// <summary>How a meeting is protected against passcode guessing, and how long an unjoined caller's label is held.</summary>
public sealed record PasscodeGuard(int FailureLimit, TimeSpan FailureWindow, TimeSpan Lock, TimeSpan UnjoinedLabelHold);

/// <summary>How a caller proved who they are, as the roster and the call log name it.</summary>
public static class PasscodeKinds
{
    public const string HostPin = "host-pin";
    public const string None = "none";
    public const string Shared = "shared";
    public const string Unique = "unique";
}
