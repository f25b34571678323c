namespace IvrGateway.Codes;

/// <summary>How retiring a personal room's code ended.</summary>
public enum RetireOutcome
{
    Done,

    /// <summary>Meetings of the room are still ahead (or on): they carry the code in their invitations.</summary>
    Busy,

    /// <summary>The slot is not a live personal room.</summary>
    NotRoom,
}
