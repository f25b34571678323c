using System.Globalization;
using IvrGateway.Infrastructure.Redis;

namespace IvrGateway.Codes;

/// <summary>Letting callers in (passcodes, host PIN, labels, roster) and Twilio's conference callbacks.</summary>
public sealed partial class AccessSlotStore
{
    private static readonly Roles RoleNames = new(Admission.HostRole, Admission.ParticipantRole);
    private static readonly PasscodeKindWords PasscodeKindNames = new(PasscodeKinds.HostPin, PasscodeKinds.None, PasscodeKinds.Shared, PasscodeKinds.Unique);
    private static readonly AdmitVerdicts Verdicts = new(AdmissionResult.Admitted, AdmissionResult.Wrong, AdmissionResult.WrongAndLocked,
        AdmissionResult.Locked, AdmissionResult.Gone, AdmissionResult.Full);
    private static readonly ConferenceChanges Changes = new(ConferenceChange.Joined, ConferenceChange.Left, ConferenceChange.Ended);

    private static readonly LuaScript<AdmitArgs, AdmitResult> AdmitScript =
        new("admit", AccessSlotJson.Default.AdmitArgs, AccessSlotJson.Default.AdmitResult, "lib_room", "lib_labels");

    private static readonly LuaScript<ConferenceEventArgs, ConferenceEventResult> ConferenceScript =
        new("conference_event", AccessSlotJson.Default.ConferenceEventArgs, AccessSlotJson.Default.ConferenceEventResult, "lib_labels");

    /// <summary>A personal room's labels and roster have no code expiry to follow; they go after this.</summary>
    private static readonly TimeSpan RoomRosterLifetime = TimeSpan.FromDays(90);

    /// <summary>Checks the caller's secret against the code entry and, if it holds, gives them a label in the conference.</summary>
    public async Task<Admission> AdmitAsync(string slotId, AdmissionRequest request, PasscodeGuard guard, DateTimeOffset now, CancellationToken ct = default)
    {
        var args = new AdmitArgs(request.Kind == AdmissionKind.Host, request.Kind == AdmissionKind.Guest, now.ToUnixTimeMilliseconds(),
            request.CallSid, request.Caller, request.Token ?? "", request.SecretHash, request.GuestLabel, guard.FailureLimit,
            (long)guard.FailureWindow.TotalMilliseconds, (long)guard.Lock.TotalMilliseconds, (long)guard.UnjoinedLabelHold.TotalMilliseconds,
            (now + RoomRosterLifetime).ToUnixTimeMilliseconds(), Words, RoleNames, PasscodeKindNames, Verdicts);
        var result = await AdmitScript.WriteAsync(redis,
            [Code(slotId), Room(slotId), Passcodes(slotId), Labels(slotId), PasscodeFailures(slotId), PasscodeLock(slotId), Roster(slotId)], args, ct);
        return result.Verdict switch
        {
            AdmissionResult.Admitted => new Admission(AdmissionResult.Admitted, result.Label ?? "", result.Copy, result.Role ?? "",
                result.MeetingId, result.ContactId, result.WaitForHost,
                result.Personal ? "room-" + result.OrganizerId : "meeting-" + result.MeetingId, result.PasscodeKind ?? ""),
            AdmissionResult.WrongAndLocked => new Admission(AdmissionResult.WrongAndLocked, MeetingId: result.MeetingId),
            var other => new Admission(other),
        };
    }

    /// <summary>Twilio's conference callbacks: a participant joined or left, or the conference ended.</summary>
    public async Task<bool> ConferenceEventAsync(string slotId, ConferenceChange change, string callSid, DateTimeOffset now, CancellationToken ct = default)
    {
        var result = await ConferenceScript.WriteAsync(redis, [Labels(slotId), Roster(slotId)],
            new ConferenceEventArgs(change, Changes, callSid, now.ToString("O", CultureInfo.InvariantCulture), now.ToUnixTimeMilliseconds()), ct);
        return result.Recorded;
    }
}
