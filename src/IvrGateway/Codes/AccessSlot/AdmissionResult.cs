namespace IvrGateway.Codes;

public enum AdmissionResult
{
    Admitted,
    Wrong,
    WrongAndLocked,
    Locked,
    Gone,
    Full,

    /// <summary>The host locked the meeting to new callers (the host still gets in).</summary>
    MeetingLocked,

    /// <summary>The host ended the meeting for everyone: its code admits no one any more.</summary>
    Ended,
}
