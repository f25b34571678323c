using System.Text.Json;
using System.Text.Json.Serialization;
using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Organizers;
using StackExchange.Redis;

namespace IvrGateway.Scheduling;

/// <summary>
/// Meetings in Redis. A meeting's record lives in its access code's slot (written through
/// <see cref="AccessSlotStore"/>, atomically with the code entry); this store owns the small
/// indexes that find it: by id <c>{m:&lt;id&gt;}</c>, an organizer's listing <c>{om:&lt;organizer id&gt;}</c>,
/// and the invitees' join tokens <c>{j:&lt;hash&gt;}</c>. Every key expires at the end of the code's quarantine.
/// </summary>
public sealed class MeetingStore(RedisRunner redis, RedisKeyspace keys, AccessSlotStore slots)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Where a meeting's record is: the index by id holds this.</summary>
    private sealed record Location(string OrganizerId, string SlotId);

    /// <summary>Whose a join link is: the join token's key holds this.</summary>
    private sealed record JoinTokenOwner(string MeetingId, string ContactId);

    private RedisKey Index(string meetingId) => keys.Key("m:" + meetingId);

    private RedisKey OrganizerMeetings(string organizerId) => keys.Key("om:" + organizerId);

    private RedisKey JoinToken(string tokenHash) => keys.Key("j:" + tokenHash);

    /// <summary>Reserves a one-time code for a new meeting. <see cref="WriteOutcome.CodeTaken"/>: draw another code.</summary>
    public async Task<WriteOutcome> TryCreateOneTimeAsync(Meeting meeting, Organizer organizer, string? sharedPasscodeHash,
        IReadOnlyList<PasscodeHolder> passcodes, IReadOnlyList<string> joinTokenHashes, DateTimeOffset expireAt, CancellationToken ct = default)
    {
        if (!await slots.TryReserveOneTimeAsync(meeting.SlotId, CodeEntryOf(meeting, organizer, sharedPasscodeHash), meeting.Id, Serialize(meeting),
                passcodes, expireAt, ct))
        {
            return WriteOutcome.CodeTaken;
        }
        await WriteIndexesAsync(meeting, joinTokenHashes, expireAt, ct);
        return WriteOutcome.Done;
    }

    /// <summary>Adds a meeting to its organizer's personal room.</summary>
    public async Task<WriteOutcome> TryCreateInRoomAsync(Meeting meeting, IReadOnlyList<PasscodeHolder> passcodes,
        IReadOnlyList<string> joinTokenHashes, DateTimeOffset expireAt, DateTimeOffset pruneBefore, CancellationToken ct = default)
    {
        var outcome = await slots.WriteRoomMeetingAsync(meeting.SlotId, meeting.Id, 0, Serialize(meeting), WindowOf(meeting), passcodes, expireAt, pruneBefore, ct);
        if (outcome == WriteOutcome.Done)
        {
            await WriteIndexesAsync(meeting, joinTokenHashes, expireAt, ct);
        }
        return outcome;
    }

    public async Task<WriteOutcome> UpdateOneTimeAsync(StoredMeeting current, Meeting updated, Organizer organizer, string? sharedPasscodeHash,
        DateTimeOffset expireAt, CancellationToken ct = default)
    {
        var outcome = await slots.UpdateOneTimeAsync(updated.SlotId, updated.Id, current.Version, Serialize(updated),
            CodeEntryOf(updated, organizer, sharedPasscodeHash), expireAt, ct);
        if (outcome == WriteOutcome.Done)
        {
            await WriteIndexesAsync(updated, [], expireAt, ct);
        }
        return outcome;
    }

    /// <summary>Rewrites a room meeting; a cancelled one leaves the room (its window and passcodes go).</summary>
    public async Task<WriteOutcome> UpdateInRoomAsync(StoredMeeting current, Meeting updated, IReadOnlyList<PasscodeHolder> passcodes,
        DateTimeOffset expireAt, DateTimeOffset pruneBefore, CancellationToken ct = default)
    {
        var window = updated.Status == MeetingStatus.Cancelled ? null : WindowOf(updated);
        var outcome = await slots.WriteRoomMeetingAsync(updated.SlotId, updated.Id, current.Version, Serialize(updated), window, passcodes,
            expireAt, pruneBefore, ct);
        if (outcome == WriteOutcome.Done)
        {
            await WriteIndexesAsync(updated, [], expireAt, ct);
        }
        return outcome;
    }

    public async Task<StoredMeeting?> GetAsync(string meetingId, CancellationToken ct = default)
    {
        if (!IsMeetingId(meetingId))
        {
            return null;
        }
        var location = await redis.ReadAsync(Index(meetingId), static (db, key) => db.StringGetAsync(key), ct);
        if (location.IsNull)
        {
            return null;
        }
        var record = await slots.ReadMeetingAsync(Locate(location).SlotId, meetingId, ct);
        return record is null ? null : new StoredMeeting(Deserialize(record.Json), record.Version);
    }

    /// <summary>The organizer's meetings starting in [from, to), oldest first.</summary>
    public async Task<IReadOnlyList<Meeting>> ListAsync(string organizerId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default)
    {
        var ids = await redis.ReadAsync((Key: OrganizerMeetings(organizerId), From: from.ToUnixTimeMilliseconds(), To: to.ToUnixTimeMilliseconds(), limit),
            static (db, s) => db.SortedSetRangeByScoreAsync(s.Key, s.From, s.To, Exclude.Stop, Order.Ascending, 0, s.limit), ct);
        return await ReadListedAsync(ids, ct);
    }

    /// <summary>The meeting and invitee a join link belongs to.</summary>
    public async Task<(string MeetingId, string ContactId)?> FindJoinTokenAsync(string tokenHash, CancellationToken ct = default)
    {
        var value = await redis.ReadAsync(JoinToken(tokenHash), static (db, key) => db.StringGetAsync(key), ct);
        if (value.IsNull)
        {
            return null;
        }
        var owner = JsonSerializer.Deserialize<JoinTokenOwner>(value.ToString(), Json)!;
        return (owner.MeetingId, owner.ContactId);
    }

    private async Task WriteIndexesAsync(Meeting meeting, IReadOnlyList<string> joinTokenHashes, DateTimeOffset expireAt, CancellationToken ct)
    {
        var state = (Index: Index(meeting.Id), Location: JsonSerializer.Serialize(new Location(meeting.OrganizerId, meeting.SlotId), Json),
            Listing: OrganizerMeetings(meeting.OrganizerId), meeting.Id, Start: meeting.Start.ToUnixTimeMilliseconds(),
            Tokens: joinTokenHashes.Select((h, i) => (Key: JoinToken(h),
                Value: JsonSerializer.Serialize(new JoinTokenOwner(meeting.Id, meeting.Invitees[i].ContactId), Json))).ToArray(),
            Expiry: expireAt.UtcDateTime);
        await redis.WriteAsync(state, static async (db, s) =>
        {
            var batch = db.CreateBatch();
            var writes = new List<Task>
            {
                batch.StringSetAsync(s.Index, s.Location),
                batch.KeyExpireAsync(s.Index, s.Expiry),
                batch.SortedSetAddAsync(s.Listing, s.Id, s.Start),
            };
            foreach (var (key, value) in s.Tokens)
            {
                writes.Add(batch.StringSetAsync(key, value));
                writes.Add(batch.KeyExpireAsync(key, s.Expiry));
            }
            batch.Execute();
            await Task.WhenAll(writes);
            return true;
        }, ct);
    }

    /// <summary>Drops listing entries of meetings whose records have expired.</summary>
    public Task PruneListingAsync(string organizerId, DateTimeOffset startedBefore, CancellationToken ct = default) =>
        redis.WriteAsync((Key: OrganizerMeetings(organizerId), Before: startedBefore.ToUnixTimeMilliseconds()),
            static (db, s) => db.SortedSetRemoveRangeByScoreAsync(s.Key, double.NegativeInfinity, s.Before, Exclude.Stop), ct).AsTask();

    /// <summary>
    /// Adds and removes invitees of a meeting (<see cref="AccessSlotStore.ChangeInviteesAsync"/>). An added invitee's join token
    /// is indexed before the record names them and a removed one's after the record dropped them: the join page reads the
    /// invitee from the record, so a link works exactly while the record names its invitee.
    /// </summary>
    public async Task<WriteOutcome> ChangeInviteesAsync(StoredMeeting current, Meeting updated, IReadOnlyList<PasscodeHolder> addedPasscodes,
        IReadOnlyList<string> removedPasscodeHashes, IReadOnlyList<(string TokenHash, string ContactId)> addedTokens, IReadOnlyList<string> removedTokenHashes,
        DateTimeOffset expireAt, DateTimeOffset pruneBefore, CancellationToken ct = default)
    {
        if (addedTokens.Count > 0)
        {
            var tokens = addedTokens.Select(t => (Key: JoinToken(t.TokenHash), Value: JsonSerializer.Serialize(new JoinTokenOwner(updated.Id, t.ContactId), Json)))
                .ToArray();
            await redis.WriteAsync((Tokens: tokens, Expiry: expireAt.UtcDateTime), static async (db, s) =>
            {
                var batch = db.CreateBatch();
                var writes = s.Tokens.SelectMany(t => new Task[] { batch.StringSetAsync(t.Key, t.Value), batch.KeyExpireAsync(t.Key, s.Expiry) }).ToArray();
                batch.Execute();
                await Task.WhenAll(writes);
                return true;
            }, ct);
        }
        var inRoom = updated.AccessCodeKind == AccessCodeKind.Personal;
        var outcome = await slots.ChangeInviteesAsync(updated.SlotId, updated.Id, current.Version, Serialize(updated), inRoom, addedPasscodes,
            removedPasscodeHashes, inRoom ? null : expireAt, pruneBefore, ct);
        if (outcome == WriteOutcome.Done && removedTokenHashes.Count > 0)
        {
            var keys = removedTokenHashes.Select(JoinToken).ToArray();
            await redis.WriteAsync(keys, static async (db, ks) =>
            {
                var batch = db.CreateBatch();
                var deletes = ks.Select(k => batch.KeyDeleteAsync(k)).ToArray();
                batch.Execute();
                await Task.WhenAll(deletes);
                return true;
            }, ct);
        }
        return outcome;
    }

    /// <summary>
    /// One page of the organizer's meetings starting in [from, to): oldest first, or newest first. Listed meetings whose
    /// records have expired are left out, so a page may be short near the end of the quarantine.
    /// </summary>
    public async Task<IReadOnlyList<Meeting>> ListPageAsync(string organizerId, DateTimeOffset from, DateTimeOffset to, bool newestFirst, int skip, int take,
        CancellationToken ct = default)
    {
        var ids = await redis.ReadAsync((Key: OrganizerMeetings(organizerId), From: from.ToUnixTimeMilliseconds(), To: to.ToUnixTimeMilliseconds(),
                Order: newestFirst ? Order.Descending : Order.Ascending, skip, take),
            static (db, s) => db.SortedSetRangeByScoreAsync(s.Key, s.From, s.To, Exclude.Stop, s.Order, s.skip, s.take), ct);
        return await ReadListedAsync(ids, ct);
    }

    private async Task<IReadOnlyList<Meeting>> ReadListedAsync(RedisValue[] ids, CancellationToken ct)
    {
        if (ids.Length == 0)
        {
            return [];
        }
        // One GET per key in a batch, not MGET: the index keys live in different Cluster slots.
        var locations = await redis.ReadAsync(ids.Select(i => Index(i.ToString())).ToArray(), static async (db, ks) =>
        {
            var batch = db.CreateBatch();
            var reads = ks.Select(k => batch.StringGetAsync(k)).ToArray();
            batch.Execute();
            return await Task.WhenAll(reads);
        }, ct);
        var found = new List<(string SlotId, string MeetingId)>();
        for (var i = 0; i < ids.Length; i++)
        {
            if (!locations[i].IsNull)
            {
                found.Add((Locate(locations[i]).SlotId, ids[i].ToString()));
            }
        }
        return (await slots.ReadMeetingsAsync(found, ct)).Select(Deserialize).ToList();
    }

    internal static bool IsMeetingId(string id) =>
        id.Length is > 4 and < 40 && id.StartsWith("mtg_", StringComparison.Ordinal) && id.Skip(4).All(char.IsAsciiLetterOrDigit);

    /// <summary>What a one-time code unlocks: this meeting, in its window, for its organizer.</summary>
    private static CodeEntry CodeEntryOf(Meeting m, Organizer organizer, string? sharedPasscodeHash) =>
        new(AccessCodeKind.OneTime, m.OrganizerId, organizer.Name, m.TimeZone, m.PasscodeMode, sharedPasscodeHash,
            m.WaitForHost, m.Id, m.Status == MeetingStatus.Cancelled, m.Start, m.ActiveFrom, m.ActiveUntil);

    private static RoomWindow WindowOf(Meeting m) => new(m.ActiveFrom, m.ActiveUntil, m.WaitForHost);

    private static Location Locate(RedisValue value) => JsonSerializer.Deserialize<Location>(value.ToString(), Json)!;

    private static string Serialize(Meeting meeting) => JsonSerializer.Serialize(meeting, Json);

    private static Meeting Deserialize(string json) => JsonSerializer.Deserialize<Meeting>(json, Json)!;
}
