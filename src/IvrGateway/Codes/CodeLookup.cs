namespace IvrGateway.Codes;

public enum CodeState
{
    Unknown,
    NotYetActive,
    Active,
    Cancelled,
    Expired,
}

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
    string HostPinHash,
    bool WaitForHost)
{
    public static CodeMatch Unknown(string slotId) =>
        new(CodeState.Unknown, AccessCodeKind.OneTime, slotId, "", null, null, null, null, "UTC", PasscodeMode.None, null, "", true);
}

/// <summary>Finds what a typed access code unlocks: its slot id is the code's keyed hash.</summary>
public sealed class CodeLookup(AccessSlotStore slots, SecretHasher hasher)
{
    public Task<CodeMatch> FindAsync(string accessCode, DateTimeOffset now, CancellationToken ct = default) =>
        slots.FindAsync(hasher.SlotId(accessCode), now, ct);
}
