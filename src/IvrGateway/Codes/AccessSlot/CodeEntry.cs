namespace IvrGateway.Codes;

/// <summary>
/// What an access code unlocks, as the call flow reads it: who organizes, how callers prove
/// themselves, and (one-time codes) the meeting and its activation window. Secrets are keyed hashes.
/// </summary>
public sealed record CodeEntry(
    AccessCodeKind Kind,
    string OrganizerId,
    string OrganizerName,
    string HostPinHash,
    string TimeZone,
    PasscodeMode PasscodeMode,
    string? SharedPasscodeHash,
    bool WaitForHost = true,
    string? MeetingId = null,
    bool Cancelled = false,
    DateTimeOffset? Start = null,
    DateTimeOffset? ActiveFrom = null,
    DateTimeOffset? ActiveUntil = null)
{
    /// <summary>A personal room: always open; its meetings come and go (see <see cref="RoomWindow"/>).</summary>
    public static CodeEntry PersonalRoom(string organizerId, string organizerName, string hostPinHash, string timeZone,
        PasscodeMode passcodeMode, string? sharedPasscodeHash) =>
        new(AccessCodeKind.Personal, organizerId, organizerName, hostPinHash, timeZone, passcodeMode, sharedPasscodeHash);
}

/// <summary>When a meeting held in a personal room is on, and whether its callers wait for the host.</summary>
public sealed record RoomWindow(DateTimeOffset From, DateTimeOffset Until, bool WaitForHost);

/// <summary>An invitee's unique passcode (keyed hash) and whose it is.</summary>
public sealed record PasscodeHolder(string PasscodeHash, string MeetingId, string ContactId, string Name);

/// <summary>A meeting record as its access slot keeps it: an opaque document and its version.</summary>
public sealed record MeetingDocument(string Json, long Version);

public enum WriteOutcome
{
    Done,
    CodeTaken,
    VersionConflict,
    Missing,
}
