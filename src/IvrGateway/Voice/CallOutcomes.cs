namespace IvrGateway.Voice;

/// <summary>The outcome names every step records; the call log and dashboard search by them.</summary>
public static class Outcomes
{
    public const string Incoming = "incoming";
    public const string Ok = "ok";
    public const string NoInput = "no-input";
    public const string BadFormat = "bad-format";
    public const string UnknownCode = "unknown-code";
    public const string NotYetActive = "not-yet-active";
    public const string Cancelled = "cancelled";
    public const string Expired = "expired";
    public const string WrongPasscode = "wrong-passcode";
    public const string PasscodeLocked = "passcode-locked";
    public const string WrongHostPin = "wrong-host-pin";
    public const string HostPinLocked = "host-pin-locked";
    public const string Host = "host";
    public const string Organizer = "organizer";
    public const string Bridged = "bridged";
    public const string LockedOut = "locked-out";
    public const string TooManyTries = "too-many-tries";
    public const string StoreUnavailable = "store-unavailable";
    public const string Full = "conference-full";
    public const string Gone = "meeting-gone";
    public const string OutOfOrder = "out-of-order";
    public const string HungUp = "hung-up";

    /// <summary>The host locked the meeting to new callers.</summary>
    public const string MeetingLocked = "meeting-locked";

    /// <summary>The host ended the meeting for everyone.</summary>
    public const string MeetingEnded = "meeting-ended";

    /// <summary>The call went quiet and no status callback came: the sweeper closed it.</summary>
    public const string Lost = "lost";

    /// <summary>A browser's join ticket had already been used by another call.</summary>
    public const string TicketUsed = "ticket-used";

    /// <summary>A browser's join ticket was past its short life.</summary>
    public const string TicketExpired = "ticket-expired";

    /// <summary>A browser presented no ticket, a forged one, or one Redis no longer holds.</summary>
    public const string TicketUnknown = "ticket-unknown";

    /// <summary>A browser presented a ticket issued to another browser (a leaked ticket): refused, and the ticket stays usable by its own.</summary>
    public const string TicketOtherBrowser = "ticket-other-browser";

    /// <summary>Call me: the organizer pressed 1, but the meeting the call was placed for is no longer open (ended, cancelled or moved).</summary>
    public const string MeetingNotOpen = "meeting-not-open";

    public static readonly string[] All =
    [
        Incoming, Ok, NoInput, BadFormat, UnknownCode, NotYetActive, Cancelled, Expired, WrongPasscode,
        PasscodeLocked, WrongHostPin, HostPinLocked, Host, Organizer, Bridged, LockedOut, TooManyTries, StoreUnavailable, Full, Gone,
        OutOfOrder, HungUp, Lost, MeetingLocked, MeetingEnded,
        TicketUsed, TicketExpired, TicketUnknown,
        TicketOtherBrowser, MeetingNotOpen,
    ];
}
