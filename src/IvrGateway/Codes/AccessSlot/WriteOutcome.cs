namespace IvrGateway.Codes;

/// <summary>How a write to an access slot ended: done, or why not.</summary>
public enum WriteOutcome
{
    Done,
    CodeTaken,
    VersionConflict,
    Missing,

    /// <summary>A unique passcode is already held by another live meeting of the same personal room: draw others.</summary>
    PasscodeTaken,
}
