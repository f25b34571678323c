using IvrGateway.Codes;
using IvrGateway.Organizers;
using Microsoft.Extensions.Options;

namespace IvrGateway.Scheduling;

/// <summary>How a personal code rotation ended.</summary>
internal abstract record RotationOutcome
{
    /// <summary>The new code, in clear: shown once.</summary>
    public sealed record Rotated(string PersonalAccessCode) : RotationOutcome;

    /// <summary>Meetings of the room are still ahead; their invitations carry the current code.</summary>
    public sealed record MeetingsAhead(int Count) : RotationOutcome;

    public sealed record Failed(string Reason) : RotationOutcome;
}

/// <summary>
/// Gives an organizer a new personal access code and retires the old one at once: the old code's
/// entry turns cancelled-like (callers hear it is no longer in use, which is not a failed guess) and
/// stays quarantined, so it is not issued to anyone else for <c>Gateway:QuarantineDays</c>.
/// While meetings of the room are still ahead it answers "meetings ahead" instead of moving them:
/// their invitations (links, dial strings, calendar entries) name the old code, so a silent move would
/// strand every invitee; the organizer cancels them or moves them to one-time codes first.
/// </summary>
internal sealed class PersonalCodeRotation(
    OrganizerStore organizers,
    OrganizerAccounts accounts,
    AccessSlotStore slots,
    SecretHasher hasher,
    SecretProtector protector,
    IAccessCodeGenerator codes,
    IOptions<SchedulingOptions> options,
    TimeProvider time)
{
    private const int CodeDraws = 8;

    public async Task<RotationOutcome> RotateAsync(Organizer organizer, CancellationToken ct)
    {
        var security = organizer.Security;
        var shared = security.PasscodeMode == PasscodeMode.Shared && security.SharedPasscodeProtected is { } p ? protector.Unprotect(p) : null;
        string? code = null;
        string? slotId = null;
        for (var draw = 0; draw < CodeDraws && code is null; draw++)
        {
            var candidate = codes.Next();
            var candidateSlot = hasher.SlotId(candidate);
            var room = CodeEntry.PersonalRoom(organizer.Id, organizer.Name, organizer.TimeZone, security.PasscodeMode,
                shared is null ? null : hasher.Passcode(candidateSlot, shared));
            if (await slots.TryReservePersonalRoomAsync(candidateSlot, room, ct))
            {
                (code, slotId) = (candidate, candidateSlot);
            }
        }
        if (code is null || slotId is null)
        {
            return new RotationOutcome.Failed("Could not reserve a free personal access code; try again.");
        }

        var now = time.GetUtcNow();
        var (outcome, ahead) = await slots.RetirePersonalRoomAsync(organizer.PersonalSlotId, now, now + options.Value.Quarantine, ct);
        if (outcome != RetireOutcome.Done)
        {
            // Nobody has seen the new code: it is simply given back.
            await slots.ReleaseUnusedPersonalRoomAsync(slotId, ct);
            return outcome == RetireOutcome.Busy
                ? new RotationOutcome.MeetingsAhead(ahead)
                : new RotationOutcome.Failed("The personal room changed at the same time; try again.");
        }
        // Only the code moves, over the profile as it is now, and only from the room just retired (a disable in between refuses).
        var codeProtected = protector.Protect(code);
        var saved = await organizers.UpdateProfileAsync(organizer.Id, o => o.IsDisabled || o.PersonalSlotId != organizer.PersonalSlotId
            ? null
            : o with { PersonalSlotId = slotId, PersonalAccessCodeProtected = codeProtected }, ct);
        if (saved is null)
        {
            await slots.ReleaseUnusedPersonalRoomAsync(slotId, ct);
            return new RotationOutcome.Failed("The personal room changed at the same time; try again.");
        }
        // The new room was reserved with the settings read before; it takes the profile's as saved.
        await accounts.FollowPersonalRoomAsync(saved, ct);
        return new RotationOutcome.Rotated(code);
    }
}
