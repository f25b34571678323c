namespace IvrGateway.Codes;

/// <summary>How a write to an access slot ended: done, or why not.</summary>
public enum WriteOutcome
{
    Done,
    CodeTaken,
    VersionConflict,
    Missing,
}
