using System.Text.Json;
using IvrGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace IvrGateway.Codes;

/// <summary>Codes and the meetings they lead to: reservation, rescheduling, a personal room's meetings.</summary>
public sealed partial class AccessSlotStore
{
    private static readonly WriteOutcomes Outcomes = new(WriteOutcome.Done, WriteOutcome.VersionConflict, WriteOutcome.Missing, WriteOutcome.Missing, WriteOutcome.PasscodeTaken);

    private static readonly LuaScript<ReserveArgs, ReserveResult> ReserveScript =
        new("reserve_code", AccessSlotJson.Default.ReserveArgs, AccessSlotJson.Default.ReserveResult, "lib_room");

    private static readonly LuaScript<RoomMeetingArgs, WriteResult> RoomScript =
        new("room_meeting", AccessSlotJson.Default.RoomMeetingArgs, AccessSlotJson.Default.WriteResult, "lib_room");

    private static readonly LuaScript<UpdateOneTimeArgs, WriteResult> UpdateOneTimeScript =
        new("update_onetime", AccessSlotJson.Default.UpdateOneTimeArgs, AccessSlotJson.Default.WriteResult, "lib_room");

    /// <summary>
    /// Reserves a one-time code with its meeting record and unique passcodes, all or nothing, all
    /// expiring at <paramref name="expireAt"/>. False: the code is taken (draw another).
    /// </summary>
    public async Task<bool> TryReserveOneTimeAsync(string slotId, CodeEntry entry, string meetingId, string meetingJson,
        IReadOnlyList<PasscodeHolder> passcodes, DateTimeOffset expireAt, CancellationToken ct = default)
    {
        var expireAtMs = expireAt.ToUnixTimeMilliseconds();
        var result = await ReserveScript.WriteAsync(redis, [Code(slotId), MeetingRecord(slotId, meetingId), Passcodes(slotId)],
            new ReserveArgs(Store(entry), expireAtMs, new MeetingWrite(meetingJson, expireAtMs), Store(passcodes)), ct);
        return result.Reserved;
    }

    /// <summary>Reserves a personal code for an organizer's room, which never expires. False: the code is taken.</summary>
    public async Task<bool> TryReservePersonalRoomAsync(string slotId, CodeEntry room, CancellationToken ct = default)
    {
        // The meeting record key is unused without a meeting; it is named for the slot all the same.
        var result = await ReserveScript.WriteAsync(redis, [Code(slotId), MeetingRecord(slotId, "-"), Passcodes(slotId)],
            new ReserveArgs(Store(room), null, null, null), ct);
        return result.Reserved;
    }

    private static readonly LuaScript<RetireRoomArgs, RetireRoomResult> RetireScript =
        new("retire_room", AccessSlotJson.Default.RetireRoomArgs, AccessSlotJson.Default.RetireRoomResult);

    /// <summary>
    /// Retires a personal room's code after its organizer rotated it: cancelled-like and quarantined
    /// until <paramref name="quarantineEnd"/>, unless meetings of the room are still ahead (their count).
    /// </summary>
    public async Task<(RetireOutcome Outcome, int MeetingsAhead)> RetirePersonalRoomAsync(string slotId, DateTimeOffset now, DateTimeOffset quarantineEnd,
        CancellationToken ct = default)
    {
        var result = await RetireScript.WriteAsync(redis, [Code(slotId), Room(slotId), Passcodes(slotId)],
            new RetireRoomArgs(now.ToUnixTimeMilliseconds(), quarantineEnd.ToUnixTimeMilliseconds(), KindPersonal, StatusCancelled, RetiredRotated,
                new RetireOutcomes(RetireOutcome.Done, RetireOutcome.Busy, RetireOutcome.NotRoom)), ct);
        return (result.Outcome, result.MeetingsAhead);
    }

    /// <summary>Gives back a personal code reserved a moment ago and never handed out (a rotation that could not finish).</summary>
    public Task ReleaseUnusedPersonalRoomAsync(string slotId, CancellationToken ct = default) =>
        redis.WriteAsync(Code(slotId), static (db, key) => db.KeyDeleteAsync(key), ct).AsTask();

    /// <summary>Rewrites a personal room's code entry (the organizer's security defaults changed).</summary>
    public Task UpdatePersonalRoomAsync(string slotId, CodeEntry room, CancellationToken ct = default)
    {
        var fields = Fields(Store(room));
        return redis.WriteAsync((Key: Code(slotId), fields), static async (db, s) =>
        {
            await db.HashSetAsync(s.Key, s.fields);
            return true;
        }, ct).AsTask();
    }

    /// <summary>
    /// Creates (<paramref name="expectedVersion"/> 0) or updates a meeting held in a personal room:
    /// its record, its window in the room (null: the meeting left the room, e.g. cancelled), its
    /// unique passcodes; meetings whose window ended before <paramref name="pruneBefore"/> leave the
    /// room with their passcodes, and the host's lock and end of meetings no longer in the room leave the live controls.
    /// <see cref="WriteOutcome.PasscodeTaken"/>: another live meeting of the room holds one of the passcodes; nothing was written.
    /// </summary>
    public async Task<WriteOutcome> WriteRoomMeetingAsync(string slotId, string meetingId, long expectedVersion, string meetingJson,
        RoomWindow? window, IReadOnlyList<PasscodeHolder> passcodes, DateTimeOffset expireAt, DateTimeOffset pruneBefore, CancellationToken ct = default)
    {
        var stored = window is null ? null : new StoredWindow(window.From.ToUnixTimeMilliseconds(), window.Until.ToUnixTimeMilliseconds(), window.WaitForHost);
        var result = await RoomScript.WriteAsync(redis, [Code(slotId), MeetingRecord(slotId, meetingId), Room(slotId), Passcodes(slotId), Live(slotId)],
            new RoomMeetingArgs(meetingId, expectedVersion, meetingJson, expireAt.ToUnixTimeMilliseconds(), stored,
                pruneBefore.ToUnixTimeMilliseconds(), Store(passcodes), KindPersonal, StatusCancelled, Outcomes, LiveFieldNames), ct);
        return result.Outcome;
    }

    /// <summary>Reschedules or cancels a one-time code's meeting: record and code entry change together.</summary>
    public async Task<WriteOutcome> UpdateOneTimeAsync(string slotId, string meetingId, long expectedVersion, string meetingJson, CodeEntry entry,
        DateTimeOffset expireAt, CancellationToken ct = default)
    {
        var result = await UpdateOneTimeScript.WriteAsync(redis, [Code(slotId), MeetingRecord(slotId, meetingId), Passcodes(slotId)],
            new UpdateOneTimeArgs(expectedVersion, meetingJson, expireAt.ToUnixTimeMilliseconds(), Store(entry), Outcomes), ct);
        return result.Outcome;
    }

    /// <summary>A meeting record and its version, or null when it has expired or never was.</summary>
    public async Task<MeetingDocument?> ReadMeetingAsync(string slotId, string meetingId, CancellationToken ct = default)
    {
        var record = await redis.ReadAsync(MeetingRecord(slotId, meetingId), static (db, key) => db.HashGetAsync(key, ["json", "version"]), ct);
        return record[0].IsNull ? null : new MeetingDocument(record[0].ToString(), (long)record[1]);
    }

    /// <summary>Several meeting records in one batch (their slots differ), in order; expired ones are left out.</summary>
    public async Task<IReadOnlyList<string>> ReadMeetingsAsync(IReadOnlyList<(string SlotId, string MeetingId)> meetings, CancellationToken ct = default)
    {
        if (meetings.Count == 0)
        {
            return [];
        }
        var keys = meetings.Select(m => MeetingRecord(m.SlotId, m.MeetingId)).ToArray();
        var records = await redis.ReadAsync(keys, static async (db, ks) =>
        {
            var batch = db.CreateBatch();
            var reads = ks.Select(k => batch.HashGetAsync(k, "json")).ToArray();
            batch.Execute();
            return await Task.WhenAll(reads);
        }, ct);
        return records.Where(r => !r.IsNull).Select(r => r.ToString()).ToList();
    }

    private static readonly LuaScript<ChangeInviteesArgs, WriteResult> InviteesScript =
        new("meeting_invitees", InviteeJson.Default.ChangeInviteesArgs, InviteeJson.Default.WriteResult, "lib_room");

    /// <summary>
    /// Changes a scheduled meeting's invitees: its record, the unique passcodes of the invitees added
    /// (<paramref name="added"/>) and removed (their hashes), in one script, so a removed invitee's passcode
    /// stops working the moment the record drops them. <paramref name="passcodesExpireAt"/>: a one-time code's
    /// expiry (null in a personal room, whose passcodes stay with the room). <see cref="WriteOutcome.PasscodeTaken"/>:
    /// a passcode to add is already held; nothing was written.
    /// </summary>
    public async Task<WriteOutcome> ChangeInviteesAsync(string slotId, string meetingId, long expectedVersion, string meetingJson, bool inRoom,
        IReadOnlyList<PasscodeHolder> added, IReadOnlyList<string> removedHashes, DateTimeOffset? passcodesExpireAt, DateTimeOffset pruneBefore,
        CancellationToken ct = default)
    {
        var result = await InviteesScript.WriteAsync(redis, [MeetingRecord(slotId, meetingId), Passcodes(slotId), Room(slotId)],
            new ChangeInviteesArgs(meetingId, expectedVersion, meetingJson, Store(added), removedHashes.Count == 0 ? null : [.. removedHashes], inRoom,
                pruneBefore.ToUnixTimeMilliseconds(), passcodesExpireAt?.ToUnixTimeMilliseconds(), Outcomes), ct);
        return result.Outcome;
    }

    // The hash fields are the stored record's JSON names: one definition for the scripts and for this HSET.
    private static HashEntry[] Fields(StoredCodeEntry entry) =>
        JsonSerializer.SerializeToElement(entry, AccessSlotJson.Default.StoredCodeEntry).EnumerateObject()
            .Select(p => new HashEntry(p.Name, p.Value.GetString())).ToArray();
}
