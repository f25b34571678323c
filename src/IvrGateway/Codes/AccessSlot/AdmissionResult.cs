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

    /// <summary>The meeting the caller was sent for (<see cref="AdmissionRequest.MeetingId"/>) is not open now: over, cancelled or moved.</summary>
    NotOpen,
}
