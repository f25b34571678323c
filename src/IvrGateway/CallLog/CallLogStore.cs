using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Voice.State;
using StackExchange.Redis;

namespace IvrGateway.CallLog;

/// <summary>
/// Reads the call log: ended calls from the 16 shard streams, merged newest first; calls in
/// progress from the shards' call state; join and leave times from the meetings' rosters.
/// </summary>
public sealed class CallLogStore(RedisRunner redis, RedisKeyspace keys, AccessSlot access)
{
    private readonly CallShard[] shards = CallShard.All(keys).ToArray();

    public async Task<CallLogPage> QueryAsync(CallLogQuery query, CancellationToken ct = default)
    {
        var found = new List<(StoredCall Call, CallLogCursor Position)>();
        await foreach (var entry in ScanAsync(query, ct))
        {
            found.Add(entry);
            if (found.Count == query.Limit)
            {
                break;
            }
        }
        var records = await WithAttendanceAsync(found.Select(f => f.Call).ToList(), ct);
        var next = found.Count == query.Limit ? found[^1].Position.Encode() : null;
        return new CallLogPage(records, next);
    }

    /// <summary>Every matching record, newest first, for export (records are enriched in pages).</summary>
    public async IAsyncEnumerable<CallRecord> ExportAsync(CallLogQuery query, int max, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var batch = new List<StoredCall>(200);
        var count = 0;
        await foreach (var (call, _) in ScanAsync(query with { Cursor = null }, ct))
        {
            batch.Add(call);
            if (++count >= max || batch.Count == 200)
            {
                foreach (var record in await WithAttendanceAsync(batch, ct))
                {
                    yield return record;
                }
                batch.Clear();
                if (count >= max)
                {
                    yield break;
                }
            }
        }
        foreach (var record in await WithAttendanceAsync(batch, ct))
        {
            yield return record;
        }
    }

    /// <summary>One call by SID: in progress or ended (the SID alone does not say which shard, so all are asked at once).</summary>
    public async Task<CallRecord?> FindAsync(string callSid, CancellationToken ct = default)
    {
        var probes = await redis.ReadAsync((shards, callSid), static async (db, s) =>
        {
            var batch = db.CreateBatch();
            var states = s.shards.Select(shard => batch.HashGetAllAsync(shard.Call(s.callSid))).ToArray();
            var indexes = s.shards.Select(shard => batch.StringGetAsync(shard.CallIndex(s.callSid))).ToArray();
            batch.Execute();
            return (States: await Task.WhenAll(states), Indexes: await Task.WhenAll(indexes));
        }, ct);
        for (var i = 0; i < shards.Length; i++)
        {
            var state = probes.States[i];
            if (state.Length > 1)
            {
                return (await WithAttendanceAsync([StoredCall.From(Fields(state))!], ct)).Single();
            }
        }
        for (var i = 0; i < shards.Length; i++)
        {
            if (probes.Indexes[i].IsNull)
            {
                continue;
            }
            var id = probes.Indexes[i];
            var entries = await redis.ReadAsync((Key: shards[i].CallLog, id), static (db, s) => db.StreamRangeAsync(s.Key, s.id, s.id), ct);
            if (entries.Length == 1 && StoredCall.From(Fields(entries[0])) is { } call)
            {
                return (await WithAttendanceAsync([call], ct)).Single();
            }
        }
        return null;
    }

    /// <summary>Calls in the flow or in a conference right now, newest first.</summary>
    public async Task<IReadOnlyList<CallRecord>> InProgressAsync(int max, CancellationToken ct = default)
    {
        var active = await redis.ReadAsync((shards, max), static async (db, s) =>
        {
            var batch = db.CreateBatch();
            var sets = s.shards.Select(shard => batch.SortedSetRangeByRankWithScoresAsync(shard.Active, 0, s.max - 1, Order.Descending)).ToArray();
            batch.Execute();
            return await Task.WhenAll(sets);
        }, ct);
        var newest = active.SelectMany((set, shard) => set.Select(e => (Shard: shard, Sid: e.Element.ToString(), e.Score)))
            .OrderByDescending(e => e.Score).Take(max).ToList();
        if (newest.Count == 0)
        {
            return [];
        }
        var states = await redis.ReadAsync((shards, newest), static async (db, s) =>
        {
            var batch = db.CreateBatch();
            var reads = s.newest.Select(e => batch.HashGetAllAsync(s.shards[e.Shard].Call(e.Sid))).ToArray();
            batch.Execute();
            return await Task.WhenAll(reads);
        }, ct);
        var calls = states.Where(s => s.Length > 1).Select(s => StoredCall.From(Fields(s))).OfType<StoredCall>().ToList();
        return await WithAttendanceAsync(calls, ct);
    }

    /// <summary>The most recent ended calls, newest first, without filters (the dashboard's feed).</summary>
    public Task<CallLogPage> RecentAsync(int count, CancellationToken ct = default) =>
        QueryAsync(new CallLogQuery(null, null, null, null, null, null, count), ct);

    private async IAsyncEnumerable<(StoredCall Call, CallLogCursor Position)> ScanAsync(CallLogQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        var batchSize = Math.Clamp(query.Limit * 2, 50, 500);
        var lower = query.Since is { } since ? (RedisValue)since.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : (RedisValue)"-";
        var upper = new RedisValue[shards.Length];
        for (var s = 0; s < shards.Length; s++)
        {
            upper[s] = query.Cursor is { } c
                // Entries strictly after the cursor in (time, sequence, shard) order, newest first.
                ? (s < c.Shard ? c.StreamId : "(" + c.StreamId)
                : query.Until is { } until ? "(" + until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "-0" : "+";
        }
        var buffers = shards.Select(_ => new Queue<StreamEntry>()).ToArray();
        var exhausted = new bool[shards.Length];
        while (true)
        {
            var refill = Enumerable.Range(0, shards.Length).Where(s => buffers[s].Count == 0 && !exhausted[s]).ToArray();
            if (refill.Length > 0)
            {
                var read = await redis.ReadAsync((shards, refill, upper, lower, batchSize), static async (db, st) =>
                {
                    var batch = db.CreateBatch();
                    var ranges = st.refill.Select(s => batch.StreamRangeAsync(st.shards[s].CallLog, st.lower, st.upper[s], st.batchSize, Order.Descending)).ToArray();
                    batch.Execute();
                    return await Task.WhenAll(ranges);
                }, ct);
                for (var i = 0; i < refill.Length; i++)
                {
                    var s = refill[i];
                    foreach (var entry in read[i])
                    {
                        buffers[s].Enqueue(entry);
                    }
                    if (read[i].Length < batchSize)
                    {
                        exhausted[s] = true;
                    }
                    if (read[i].Length > 0)
                    {
                        upper[s] = "(" + read[i][^1].Id;
                    }
                }
            }
            var best = -1;
            CallLogCursor bestPosition = default;
            for (var s = 0; s < shards.Length; s++)
            {
                if (buffers[s].Count == 0)
                {
                    continue;
                }
                var position = CallLogCursor.Parse(buffers[s].Peek().Id.ToString(), s);
                if (best < 0 || position.CompareTo(bestPosition) > 0)
                {
                    best = s;
                    bestPosition = position;
                }
            }
            if (best < 0)
            {
                yield break;
            }
            var next = buffers[best].Dequeue();
            if (StoredCall.From(Fields(next)) is { } call && query.Matches(call.Record))
            {
                yield return (call, bestPosition);
            }
        }
    }

    /// <summary>Adds join and leave times from the meetings' rosters, in one batch.</summary>
    private async Task<IReadOnlyList<CallRecord>> WithAttendanceAsync(IReadOnlyList<StoredCall> calls, CancellationToken ct)
    {
        var bridged = calls.Where(c => c.Tag is not null && c.Record.Conference is not null).ToList();
        if (bridged.Count == 0)
        {
            return calls.Select(c => c.Record).ToList();
        }
        var entries = await redis.ReadAsync((bridged, access), static async (db, s) =>
        {
            var batch = db.CreateBatch();
            var reads = s.bridged.Select(c => batch.HashGetAsync(s.access.Roster(c.Tag!), c.Record.CallSid)).ToArray();
            batch.Execute();
            return await Task.WhenAll(reads);
        }, ct);
        var attendance = new Dictionary<string, AttendanceEntry>(StringComparer.Ordinal);
        for (var i = 0; i < bridged.Count; i++)
        {
            if (!entries[i].IsNull)
            {
                attendance[bridged[i].Record.CallSid] = JsonSerializer.Deserialize<AttendanceEntry>(entries[i].ToString(), AttendanceStore.Json)!;
            }
        }
        return calls.Select(c => attendance.TryGetValue(c.Record.CallSid, out var a)
            ? c.Record with { JoinedAt = a.JoinedAt, LeftAt = a.LeftAt }
            : c.Record).ToList();
    }

    private static Dictionary<string, string> Fields(HashEntry[] entries) =>
        entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);

    private static Dictionary<string, string> Fields(StreamEntry entry) =>
        entry.Values.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
}
