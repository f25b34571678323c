using System.Globalization;
using IvrGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace IvrGateway.Codes;

/// <summary>Letting callers in (passcodes, host PIN, labels, roster) and Twilio's conference callbacks.</summary>
public sealed partial class AccessSlotStore
{
    private static readonly Roles RoleNames = new(Admission.HostRole, Admission.ParticipantRole);
    private static readonly PasscodeKindWords PasscodeKindNames = new(PasscodeKinds.HostPin, PasscodeKinds.None, PasscodeKinds.Shared, PasscodeKinds.Unique);
    private static readonly AdmitVerdicts Verdicts = new(AdmissionResult.Admitted, AdmissionResult.Wrong, AdmissionResult.WrongAndLocked,
        AdmissionResult.Locked, AdmissionResult.Gone, AdmissionResult.Full, AdmissionResult.MeetingLocked, AdmissionResult.Ended, AdmissionResult.NotOpen);
    private static readonly ConferenceChanges Changes = new(ConferenceChange.Joined, ConferenceChange.Left, ConferenceChange.Ended);

    private static readonly LuaScript<AdmitArgs, AdmitResult> AdmitScript =
        new("admit", AccessSlotJson.Default.AdmitArgs, AccessSlotJson.Default.AdmitResult, "lib_room", "lib_labels");

    private static readonly LuaScript<ConferenceEventArgs, ConferenceEventResult> ConferenceScript =
        new("conference_event", AccessSlotJson.Default.ConferenceEventArgs, AccessSlotJson.Default.ConferenceEventResult, "lib_labels");

    /// <summary>A code entry without an expiry of its own gives its labels and roster this long (a one-time code always has one).</summary>
    private static readonly TimeSpan UnexpiringCodeLifetime = TimeSpan.FromDays(90);

    /// <summary>A personal room's labels outlive its last admission by this long (they matter only while its conference runs).</summary>
    private static readonly TimeSpan RoomLabelsLifetime = TimeSpan.FromDays(2);

    /// <summary>
    /// Checks the caller's passcode against the code entry (a host's PIN was checked by <see cref="HostPinStore"/>) and, if it
    /// holds, gives them a label in the conference.
    /// </summary>
    public async Task<Admission> AdmitAsync(string slotId, AdmissionRequest request, PasscodeGuard guard, DateTimeOffset now, CancellationToken ct = default)
    {
        var args = new AdmitArgs(request.Kind == AdmissionKind.Host, request.Kind == AdmissionKind.Guest, now.ToUnixTimeMilliseconds(),
            request.CallSid, request.Caller, request.Member, request.OrganizerId, request.SecretHash, request.GuestLabel, guard.FailureLimit,
            (long)guard.FailureWindow.TotalMilliseconds, (long)guard.Lock.TotalMilliseconds, (long)guard.UnjoinedLabelHold.TotalMilliseconds,
            (now + UnexpiringCodeLifetime).ToUnixTimeMilliseconds(), Key(slotId, RosterName).ToString(), (long)retention.Value.Retention.TotalMilliseconds,
            (long)RoomLabelsLifetime.TotalMilliseconds, Words, RoleNames, PasscodeKindNames, Verdicts, LiveFieldNames, request.CheckOnly, request.Channel,
            request.MeetingId);
        var result = await AdmitScript.WriteAsync(redis,
            [Code(slotId), Room(slotId), Passcodes(slotId), Labels(slotId), PasscodeFailures(slotId), PasscodeLock(slotId), Live(slotId)], args, ct);
        return result.Verdict switch
        {
            AdmissionResult.Admitted => new Admission(AdmissionResult.Admitted, result.Label ?? "", result.Copy, result.Role ?? "",
                result.MeetingId, result.ContactId, result.WaitForHost,
                ConferenceName(result.Personal, result.OrganizerId ?? "", result.MeetingId), result.PasscodeKind ?? "", result.SharedContact),
            AdmissionResult.WrongAndLocked or AdmissionResult.MeetingLocked or AdmissionResult.Ended or AdmissionResult.NotOpen =>
                new Admission(result.Verdict, MeetingId: result.MeetingId),
            var other => new Admission(other),
        };
    }

    /// <summary>Twilio's conference callbacks: a participant joined or left, or the conference ended; recorded in the meeting's roster.</summary>
    public async Task<bool> ConferenceEventAsync(string slotId, string? meetingId, ConferenceChange change, string callSid, DateTimeOffset now,
        CancellationToken ct = default) =>
        (await ConferenceParticipantEventAsync(slotId, meetingId, change, callSid, now, ct)).Recorded;

    /// <summary>
    /// <see cref="ConferenceEventAsync"/>, answering also who the participant is in the roster (their caller and how they joined),
    /// read by the same script: a browser's call is closed when it leaves, and nothing else says it was a browser.
    /// </summary>
    public async Task<ConferenceParticipantEvent> ConferenceParticipantEventAsync(string slotId, string? meetingId, ConferenceChange change, string callSid,
        DateTimeOffset now, CancellationToken ct = default)
    {
        var result = await ConferenceScript.WriteAsync(redis, [Labels(slotId), Roster(slotId, meetingId), Live(slotId)],
            new ConferenceEventArgs(change, Changes, callSid, now.ToString("O", CultureInfo.InvariantCulture), now.ToUnixTimeMilliseconds(),
                MutedPrefix), ct);
        return new ConferenceParticipantEvent(result.Recorded, result.Caller, result.Channel);
    }

    /// <summary>Lifts a meeting's passcode protection and forgets its failures. True when it was in force.</summary>
    public async Task<bool> LiftPasscodeLockAsync(string slotId, DateTimeOffset now, CancellationToken ct = default)
    {
        var until = await redis.WriteAsync((Lock: PasscodeLock(slotId), Failures: PasscodeFailures(slotId)), static async (db, s) =>
        {
            var value = await db.StringGetDeleteAsync(s.Lock);
            await db.KeyDeleteAsync(s.Failures);
            return value;
        }, ct);
        return !until.IsNull && long.TryParse(until.ToString(), CultureInfo.InvariantCulture, out var ms) && ms > now.ToUnixTimeMilliseconds();
    }

    /// <summary>
    /// A disabled organizer's personal room: its code entry is marked cancelled, so callers hear "cancelled" and admission
    /// refuses them. Only an existing entry is marked (HSET on a missing key would create one).
    /// </summary>
    public async Task ClosePersonalRoomAsync(string slotId, CancellationToken ct = default) =>
        await redis.WriteAsync((Key: Code(slotId), Status: StatusCancelled), static async (db, s) =>
        {
            var tx = db.CreateTransaction();
            tx.AddCondition(Condition.KeyExists(s.Key));
            _ = tx.HashSetAsync(s.Key, "status", s.Status);
            return await tx.ExecuteAsync();
        }, ct);
}
