namespace IvrGateway.Codes;

/// <summary>What a well-formed access code means at one instant, as the call flow needs it.</summary>
public sealed record CodeMatch(
    CodeState State,
    AccessCodeKind Kind,
    string SlotId,
    string OrganizerId,
    string? MeetingId,
    DateTimeOffset? Start,
    DateTimeOffset? ActiveFrom,
    DateTimeOffset? ActiveUntil,
    string TimeZone,
    PasscodeMode PasscodeMode,
    string? SharedPasscodeHash,
    bool WaitForHost)
{
    public static CodeMatch Unknown(string slotId) =>
        new(CodeState.Unknown, AccessCodeKind.OneTime, slotId, "", null, null, null, null, "UTC", PasscodeMode.None, null, true);
}
