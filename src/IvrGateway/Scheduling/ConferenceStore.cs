using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using StackExchange.Redis;

namespace IvrGateway.Scheduling;

public enum WriteOutcome
{
    Done,
    CodeTaken,
    VersionConflict,
    Missing,
}

/// <summary>
/// Meetings in Redis. A meeting lives in its access code's slot (see <see cref="AccessSlot"/>);
/// two small indexes find it by id and list an organizer's meetings. Every key expires at the
/// end of the code's quarantine.
/// </summary>
public sealed class ConferenceStore(RedisRunner redis, RedisKeyspace keys, AccessSlot access)
{
    private static readonly string ReserveScript = EmbeddedLua.Read("reserve_code");
    private static readonly string RoomScript = EmbeddedLua.Read("room_meeting");
    private static readonly string UpdateOneTimeScript = EmbeddedLua.Read("update_onetime");

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private RedisKey Index(string meetingId) => keys.Key("m:" + meetingId);

    private RedisKey OrganizerMeetings(string organizerId) => keys.Key("o:" + organizerId, "meetings");

    private RedisKey JoinToken(string tokenHash) => keys.Key("j:" + tokenHash);

    /// <summary>Reserves a one-time code for a new meeting. <see cref="WriteOutcome.CodeTaken"/>: draw another code.</summary>
    public async Task<WriteOutcome> TryCreateOneTimeAsync(Meeting meeting, RedisValue[] codeEntry, RedisValue[] passcodes,
        IReadOnlyList<string> joinTokenHashes, DateTimeOffset expireAt, CancellationToken ct = default)
    {
        var args = new List<RedisValue> { Ms(expireAt), Serialize(meeting), Ms(expireAt), codeEntry.Length / 2 };
        args.AddRange(codeEntry);
        args.AddRange(passcodes);
        var keysForScript = new[] { access.Code(meeting.AccessTag), access.Meeting(meeting.AccessTag, meeting.Id), access.Passcodes(meeting.AccessTag) };
        var reserved = await redis.WriteAsync((keysForScript, Args: args.ToArray()),
            static (db, s) => db.ScriptEvaluateAsync(ReserveScript, s.keysForScript, s.Args), ct);
        if ((int)reserved == 0)
        {
            return WriteOutcome.CodeTaken;
        }
        await WriteIndexesAsync(meeting, joinTokenHashes, expireAt, ct);
        return WriteOutcome.Done;
    }

    /// <summary>Adds a meeting to its organizer's personal room.</summary>
    public async Task<WriteOutcome> TryCreateInRoomAsync(Meeting meeting, string roomValue, RedisValue[] passcodes,
        IReadOnlyList<string> joinTokenHashes, DateTimeOffset expireAt, DateTimeOffset pruneBefore, CancellationToken ct = default)
    {
        var outcome = await WriteRoomAsync(meeting, 0, roomValue, passcodes, expireAt, pruneBefore, ct);
        if (outcome == WriteOutcome.Done)
        {
            await WriteIndexesAsync(meeting, joinTokenHashes, expireAt, ct);
        }
        return outcome;
    }

    public async Task<WriteOutcome> UpdateOneTimeAsync(StoredMeeting current, Meeting updated, RedisValue[] codeEntry, DateTimeOffset expireAt, CancellationToken ct = default)
    {
        var args = new List<RedisValue> { current.Version, Serialize(updated), Ms(expireAt) };
        args.AddRange(codeEntry);
        var keysForScript = new[] { access.Code(updated.AccessTag), access.Meeting(updated.AccessTag, updated.Id), access.Passcodes(updated.AccessTag) };
        var result = (int)await redis.WriteAsync((keysForScript, Args: args.ToArray()),
            static (db, s) => db.ScriptEvaluateAsync(UpdateOneTimeScript, s.keysForScript, s.Args), ct);
        if (result == 1)
        {
            await WriteIndexesAsync(updated, [], expireAt, ct);
        }
        return ToOutcome(result);
    }

    public async Task<WriteOutcome> UpdateInRoomAsync(StoredMeeting current, Meeting updated, string roomValue, RedisValue[] passcodes,
        DateTimeOffset expireAt, DateTimeOffset pruneBefore, CancellationToken ct = default)
    {
        var outcome = await WriteRoomAsync(updated, current.Version, roomValue, passcodes, expireAt, pruneBefore, ct);
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
        var tag = location.ToString().Split('\n')[1];
        var record = await redis.ReadAsync(access.Meeting(tag, meetingId), static (db, key) => db.HashGetAsync(key, ["json", "ver"]), ct);
        return record[0].IsNull ? null : new StoredMeeting(Deserialize(record[0]!), (long)record[1]);
    }

    /// <summary>The organizer's meetings starting in [from, to), oldest first.</summary>
    public async Task<IReadOnlyList<Meeting>> ListAsync(string organizerId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default)
    {
        var ids = await redis.ReadAsync((Key: OrganizerMeetings(organizerId), From: Ms(from), To: Ms(to), limit),
            static (db, s) => db.SortedSetRangeByScoreAsync(s.Key, s.From, s.To, Exclude.Stop, Order.Ascending, 0, s.limit), ct);
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
        var recordKeys = new List<RedisKey>();
        for (var i = 0; i < ids.Length; i++)
        {
            if (!locations[i].IsNull)
            {
                recordKeys.Add(access.Meeting(locations[i].ToString().Split('\n')[1], ids[i].ToString()));
            }
        }
        var records = await redis.ReadAsync(recordKeys, static async (db, ks) =>
        {
            var batch = db.CreateBatch();
            var reads = ks.Select(k => batch.HashGetAsync(k, "json")).ToArray();
            batch.Execute();
            return await Task.WhenAll(reads);
        }, ct);
        return records.Where(r => !r.IsNull).Select(r => Deserialize(r)).ToList();
    }

    /// <summary>The meeting and invitee a join link belongs to.</summary>
    public async Task<(string MeetingId, string ContactId)?> FindJoinTokenAsync(string tokenHash, CancellationToken ct = default)
    {
        var value = await redis.ReadAsync(JoinToken(tokenHash), static (db, key) => db.StringGetAsync(key), ct);
        if (value.IsNull)
        {
            return null;
        }
        var parts = value.ToString().Split('\n');
        return (parts[0], parts[1]);
    }

    private async Task<WriteOutcome> WriteRoomAsync(Meeting meeting, long expectedVersion, string roomValue, RedisValue[] passcodes,
        DateTimeOffset expireAt, DateTimeOffset pruneBefore, CancellationToken ct)
    {
        var args = new List<RedisValue> { meeting.Id, expectedVersion, Serialize(meeting), Ms(expireAt), roomValue, Ms(pruneBefore) };
        args.AddRange(passcodes);
        var result = (int)await redis.WriteAsync((Keys: access.All(meeting.AccessTag, meeting.Id), Args: args.ToArray()),
            static (db, s) => db.ScriptEvaluateAsync(RoomScript, s.Keys, s.Args), ct);
        return result == -1 ? WriteOutcome.Missing : ToOutcome(result);
    }

    private async Task WriteIndexesAsync(Meeting meeting, IReadOnlyList<string> joinTokenHashes, DateTimeOffset expireAt, CancellationToken ct)
    {
        var state = (Index: Index(meeting.Id), Location: meeting.OrganizerId + "\n" + meeting.AccessTag,
            Listing: OrganizerMeetings(meeting.OrganizerId), meeting.Id, Start: Ms(meeting.Start),
            Tokens: joinTokenHashes.Select((h, i) => (Key: JoinToken(h), Value: meeting.Id + "\n" + meeting.Invitees[i].ContactId)).ToArray(),
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
        redis.WriteAsync((Key: OrganizerMeetings(organizerId), Before: Ms(startedBefore)),
            static (db, s) => db.SortedSetRemoveRangeByScoreAsync(s.Key, double.NegativeInfinity, s.Before, Exclude.Stop), ct).AsTask();

    internal static bool IsMeetingId(string id) =>
        id.Length is > 4 and < 40 && id.StartsWith("mtg_", StringComparison.Ordinal) && id.Skip(4).All(char.IsAsciiLetterOrDigit);

    private static WriteOutcome ToOutcome(int scriptResult) => scriptResult switch
    {
        1 => WriteOutcome.Done,
        0 => WriteOutcome.VersionConflict,
        _ => WriteOutcome.Missing,
    };

    internal static long Ms(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    internal static string MsText(DateTimeOffset instant) => Ms(instant).ToString(CultureInfo.InvariantCulture);

    private static string Serialize(Meeting meeting) => JsonSerializer.Serialize(meeting, Json);

    private static Meeting Deserialize(RedisValue json) => JsonSerializer.Deserialize<Meeting>(json.ToString(), Json)!;
}
