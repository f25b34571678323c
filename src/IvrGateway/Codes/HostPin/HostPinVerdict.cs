namespace IvrGateway.Codes;

/// <summary>What the host-PIN slot said about a typed PIN.</summary>
public enum HostPinVerdict
{
    Accepted,
    Wrong,

    /// <summary>Wrong, and the organizer's PIN entry is now locked: raise <c>host-pin-locked</c>.</summary>
    WrongAndLocked,

    /// <summary>PIN entry is locked for this organizer; not even the right PIN is accepted.</summary>
    Locked,

    /// <summary>The organizer has no PIN: disabled.</summary>
    Refused,
}
