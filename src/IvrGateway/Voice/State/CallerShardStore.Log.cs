using System.Globalization;
using StackExchange.Redis;

namespace IvrGateway.Voice.State;

/// <summary>Reading the shards for the call log: calls in progress, ended calls, one call by SID.</summary>
public sealed partial class CallerShardStore
{
    /// <summary>One call by SID, in progress or ended (the SID alone does not say which shard, so all are asked at once).</summary>
    public async Task<CallEntry?> FindAsync(string callSid, CancellationToken ct = default)
    {
        var all = shards.All.ToArray();
        var probes = await redis.ReadAsync((Store: this, all, callSid), static async (db, s) =>
        {
            var batch = db.CreateBatch();
            var states = s.all.Select(n => batch.HashGetAllAsync(s.Store.Call(n, s.callSid))).ToArray();
            var indexes = s.all.Select(n => batch.StringGetAsync(s.Store.CallIndex(n, s.callSid))).ToArray();
            batch.Execute();
            return (States: await Task.WhenAll(states), Indexes: await Task.WhenAll(indexes));
        }, ct);
        foreach (var state in probes.States)
        {
            if (state.Length > 1 && Entry(Fields(state)) is { } inProgress)
            {
                return inProgress;
            }
        }
        for (var n = 0; n < all.Length; n++)
        {
            if (probes.Indexes[n].IsNull)
            {
                continue;
            }
            var id = probes.Indexes[n];
            var entries = await redis.ReadAsync((Key: CallLog(n), id), static (db, s) => db.StreamRangeAsync(s.Key, s.id, s.id), ct);
            if (entries.Length == 1 && Entry(Fields(entries[0])) is { } ended)
            {
                return ended;
            }
        }
        return null;
    }

    /// <summary>Calls in the flow or in a conference right now, newest first.</summary>
    public async Task<IReadOnlyList<CallEntry>> InProgressAsync(int max, CancellationToken ct = default)
    {
        var sets = shards.All.Select(Active).ToArray();
        var active = await redis.ReadAsync((sets, max), static async (db, s) =>
        {
            var batch = db.CreateBatch();
            var ranges = s.sets.Select(k => batch.SortedSetRangeByRankWithScoresAsync(k, 0, s.max - 1, Order.Descending)).ToArray();
            batch.Execute();
            return await Task.WhenAll(ranges);
        }, ct);
        var newest = active.SelectMany((set, shard) => set.Select(e => (Shard: shard, Sid: e.Element.ToString(), e.Score)))
            .OrderByDescending(e => e.Score).Take(max).ToList();
        if (newest.Count == 0)
        {
            return [];
        }
        var stateKeys = newest.Select(e => Call(e.Shard, e.Sid)).ToArray();
        var states = await redis.ReadAsync(stateKeys, static async (db, ks) =>
        {
            var batch = db.CreateBatch();
            var reads = ks.Select(k => batch.HashGetAllAsync(k)).ToArray();
            batch.Execute();
            return await Task.WhenAll(reads);
        }, ct);
        return states.Where(s => s.Length > 1).Select(s => Entry(Fields(s))).OfType<CallEntry>().ToList();
    }

    /// <summary>How many calls are in progress across all shards (16 cheap ZCARDs).</summary>
    public async Task<long> CountInProgressAsync(CancellationToken ct = default)
    {
        var sets = shards.All.Select(Active).ToArray();
        return await redis.ReadAsync(sets, static async (db, ks) =>
        {
            var batch = db.CreateBatch();
            var counts = ks.Select(k => batch.SortedSetLengthAsync(k)).ToArray();
            batch.Execute();
            return (await Task.WhenAll(counts)).Sum();
        }, ct);
    }

    /// <summary>
    /// Ended calls from several shards' call-log streams in one batch, newest first: for each shard,
    /// up to <paramref name="count"/> entries with ids in [<paramref name="lower"/>, its upper bound]
    /// (stream range syntax: <c>-</c>, <c>+</c>, an id, or <c>(</c> before an id to exclude it).
    /// </summary>
    public async Task<IReadOnlyList<LoggedCall>[]> ReadLogAsync(IReadOnlyList<(int Shard, string Upper)> ranges, string lower, int count, CancellationToken ct = default)
    {
        var reads = ranges.Select(r => (Key: CallLog(r.Shard), Upper: (RedisValue)r.Upper)).ToArray();
        var results = await redis.ReadAsync((reads, Lower: (RedisValue)lower, count), static async (db, s) =>
        {
            var batch = db.CreateBatch();
            var pending = s.reads.Select(r => batch.StreamRangeAsync(r.Key, s.Lower, r.Upper, s.count, Order.Descending)).ToArray();
            batch.Execute();
            return await Task.WhenAll(pending);
        }, ct);
        return results.Select((entries, i) => (IReadOnlyList<LoggedCall>)entries
            .Select(e => new LoggedCall(ranges[i].Shard, e.Id.ToString(), Entry(Fields(e)))).ToList()).ToArray();
    }

    /// <summary>
    /// Ended calls of one caller number or one meeting, read through the shards' indexes rather than the whole streams:
    /// the same ranges and the same answer as <see cref="ReadLogAsync"/> filtered to them. An index entry whose record has
    /// gone (trimmed a moment ago) comes back without its call.
    /// </summary>
    public async Task<IReadOnlyList<LoggedCall>[]> ReadIndexedLogAsync(CallLogIndex index, string value, IReadOnlyList<(int Shard, string Upper)> ranges,
        string lower, int count, CancellationToken ct = default)
    {
        var (min, minExclusive) = IndexBound(lower);
        var reads = ranges.Select(r => (Key: LogIndex(r.Shard, index, value), Max: IndexBound(r.Upper))).ToArray();
        var members = await redis.ReadAsync((reads, min, minExclusive, count), static async (db, s) =>
        {
            var batch = db.CreateBatch();
            var pending = s.reads.Select(r => batch.SortedSetRangeByValueAsync(r.Key, s.min, r.Max.Value,
                (s.minExclusive ? Exclude.Start : Exclude.None) | (r.Max.Exclusive ? Exclude.Stop : Exclude.None), Order.Descending, 0, s.count)).ToArray();
            batch.Execute();
            return await Task.WhenAll(pending);
        }, ct);
        var wanted = ranges.SelectMany((r, i) => members[i].Select(m => (Index: i, Key: CallLog(r.Shard), Id: StreamId(m.ToString())))).ToArray();
        var entries = await redis.ReadAsync(wanted, static async (db, ws) =>
        {
            var batch = db.CreateBatch();
            var pending = ws.Select(w => batch.StreamRangeAsync(w.Key, w.Id, w.Id)).ToArray();
            batch.Execute();
            return await Task.WhenAll(pending);
        }, ct);
        var results = ranges.Select(_ => new List<LoggedCall>()).ToArray();
        for (var i = 0; i < wanted.Length; i++)
        {
            var (n, _, id) = wanted[i];
            results[n].Add(new LoggedCall(ranges[n].Shard, id, entries[i].Length == 1 ? Entry(Fields(entries[i][0])) : null));
        }
        return results;
    }

    /// <summary>A stream range bound (<c>-</c>, <c>+</c>, an id or a millisecond, <c>(</c> before one to exclude it) as an index member bound.</summary>
    private static (RedisValue Value, bool Exclusive) IndexBound(string bound)
    {
        if (bound is "-" or "+")
        {
            return (default, false);
        }
        var exclusive = bound.StartsWith('(');
        var id = exclusive ? bound[1..] : bound;
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return dash < 0
            ? (IndexMember(long.Parse(id, CultureInfo.InvariantCulture), 0), exclusive)
            : (IndexMember(long.Parse(id[..dash], CultureInfo.InvariantCulture), long.Parse(id[(dash + 1)..], CultureInfo.InvariantCulture)), exclusive);
    }

    private static string StreamId(string member)
    {
        var dash = member.IndexOf('-', StringComparison.Ordinal);
        return long.Parse(member[..dash], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "-"
            + long.Parse(member[(dash + 1)..], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, string> Fields(HashEntry[] entries) =>
        entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);

    private static Dictionary<string, string> Fields(StreamEntry entry) =>
        entry.Values.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);

    /// <summary>From the fields of a call-log stream entry or of a call in progress (the names call_step.lua and call_finish.lua write).</summary>
    private static CallEntry? Entry(IReadOnlyDictionary<string, string> f)
    {
        if (!f.TryGetValue("sid", out var sid))
        {
            return null;
        }
        return new CallEntry(
            sid,
            f.GetValueOrDefault("from", "unknown"),
            Empty(f.GetValueOrDefault("to")),
            Empty(f.GetValueOrDefault("locale")),
            f.TryGetValue("started", out var started) && long.TryParse(started, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            f.TryGetValue("ended", out var ended) && DateTimeOffset.TryParse(ended, CultureInfo.InvariantCulture, DateTimeStyles.None, out var end) ? end : null,
            f.TryGetValue("duration", out var duration) && int.TryParse(duration, CultureInfo.InvariantCulture, out var seconds) ? seconds : null,
            Empty(f.GetValueOrDefault("status")),
            Empty(f.GetValueOrDefault("outcome")),
            Empty(f.GetValueOrDefault("slotId")),
            Empty(f.GetValueOrDefault("meetingId")),
            Empty(f.GetValueOrDefault("role")),
            Empty(f.GetValueOrDefault("label")),
            Empty(f.GetValueOrDefault("conference")),
            Empty(f.GetValueOrDefault("passcodeKind")),
            f.GetValueOrDefault("steps", ""),
            Empty(f.GetValueOrDefault("channel")));
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
