namespace IvrGateway.Codes;

/// <summary>Finds what a typed access code unlocks: its slot id is the code's keyed hash.</summary>
public sealed class CodeLookup(AccessSlotStore slots, SecretHasher hasher)
{
    public Task<CodeMatch> FindAsync(string accessCode, DateTimeOffset now, CancellationToken ct = default) =>
        slots.FindAsync(hasher.SlotId(accessCode), now, ct);
}
