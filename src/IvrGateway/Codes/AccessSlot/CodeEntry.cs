namespace IvrGateway.Codes;

/// <summary>
/// What an access code unlocks, as the call flow reads it: who organizes, how callers prove
/// themselves (the host PIN is not here: it is the host-PIN slot's), and (one-time codes) the meeting and its activation window. Secrets are keyed hashes.
/// </summary>
public sealed record CodeEntry(
    AccessCodeKind Kind,
    string OrganizerId,
    string OrganizerName,
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
    public static CodeEntry PersonalRoom(string organizerId, string organizerName, string timeZone,
        PasscodeMode passcodeMode, string? sharedPasscodeHash) =>
        new(AccessCodeKind.Personal, organizerId, organizerName, timeZone, passcodeMode, sharedPasscodeHash);
}
