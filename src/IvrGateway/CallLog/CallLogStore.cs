using System.Globalization;
using System.Runtime.CompilerServices;
using IvrGateway.Codes;
using IvrGateway.Voice.State;

namespace IvrGateway.CallLog;

/// <summary>
/// Reads the call log: ended calls from the caller shards' streams (a caller's or a meeting's through their
/// indexes), merged newest first; calls in
/// progress from the shards' call state; join and leave times from the meetings' rosters.
/// </summary>
public sealed class CallLogStore(CallerShardStore shards, AccessSlotStore slots)
{
    public async Task<CallLogPage> QueryAsync(CallLogQuery query, CancellationToken ct = default)
    {
        if (query.InProgress)
        {
            // The newest calls in progress (up to the most a page may hold), filtered here: the active sets are small.
            var live = (await shards.InProgressAsync(CallLogQuery.MaxLimit, ct)).Select(StoredCall.From).Where(c => query.Matches(c.Record)).Take(query.Limit).ToList();
            return new CallLogPage(await WithAttendanceAsync(live, ct), null);
        }
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
        if (query.InProgress)
        {
            foreach (var record in (await QueryAsync(query with { Limit = Math.Min(max, CallLogQuery.MaxLimit) }, ct)).Calls)
            {
                yield return record;
            }
            yield break;
        }
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
    public async Task<CallRecord?> FindAsync(string callSid, CancellationToken ct = default) =>
        await shards.FindAsync(callSid, ct) is { } call ? (await WithAttendanceAsync([StoredCall.From(call)], ct)).Single() : null;

    /// <summary>Calls in the flow or in a conference right now, newest first.</summary>
    public async Task<IReadOnlyList<CallRecord>> InProgressAsync(int max, CancellationToken ct = default) =>
        await WithAttendanceAsync((await shards.InProgressAsync(max, ct)).Select(StoredCall.From).ToList(), ct);

    /// <summary>The most recent ended calls, newest first, without filters (the dashboard's feed).</summary>
    public Task<CallLogPage> RecentAsync(int count, CancellationToken ct = default) =>
        QueryAsync(new CallLogQuery(null, null, null, null, null, null, count), ct);

    private async IAsyncEnumerable<(StoredCall Call, CallLogCursor Position)> ScanAsync(CallLogQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        var batchSize = Math.Clamp(query.Limit * 2, 50, 500);
        var lower = query.Since is { } since ? since.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : "-";
        var upper = new string[shards.Shards.Count];
        for (var s = 0; s < upper.Length; s++)
        {
            upper[s] = query.Cursor is { } c
                // Entries strictly after the cursor in (time, sequence, shard) order, newest first.
                ? (s < c.Shard ? c.StreamId : "(" + c.StreamId)
                : query.Until is { } until ? "(" + until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "-0" : "+";
        }
        // A caller's or a meeting's calls come through their index; only the other filters read whole streams.
        (CallLogIndex Index, string Value)? index = query.Caller is { } caller ? (CallLogIndex.Caller, caller)
            : query.MeetingId is { } meeting ? (CallLogIndex.Meeting, meeting)
            : null;
        var buffers = upper.Select(_ => new Queue<LoggedCall>()).ToArray();
        var exhausted = new bool[upper.Length];
        while (true)
        {
            var refill = Enumerable.Range(0, upper.Length).Where(s => buffers[s].Count == 0 && !exhausted[s]).Select(s => (s, upper[s])).ToArray();
            if (refill.Length > 0)
            {
                var read = index is { } by
                    ? await shards.ReadIndexedLogAsync(by.Index, by.Value, refill, lower, batchSize, ct)
                    : await shards.ReadLogAsync(refill, lower, batchSize, ct);
                for (var i = 0; i < refill.Length; i++)
                {
                    var s = refill[i].s;
                    foreach (var entry in read[i])
                    {
                        buffers[s].Enqueue(entry);
                    }
                    if (read[i].Count < batchSize)
                    {
                        exhausted[s] = true;
                    }
                    if (read[i].Count > 0)
                    {
                        upper[s] = "(" + read[i][^1].StreamId;
                    }
                }
            }
            var best = -1;
            CallLogCursor bestPosition = default;
            for (var s = 0; s < upper.Length; s++)
            {
                if (buffers[s].Count == 0)
                {
                    continue;
                }
                var position = CallLogCursor.Parse(buffers[s].Peek().StreamId, s);
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
            if (next.Call is { } ended && StoredCall.From(ended) is var call && query.Matches(call.Record))
            {
                yield return (call, bestPosition);
            }
        }
    }

    /// <summary>Adds join and leave times from the meetings' rosters, in one batch.</summary>
    private async Task<IReadOnlyList<CallRecord>> WithAttendanceAsync(IReadOnlyList<StoredCall> calls, CancellationToken ct)
    {
        var bridged = calls.Where(c => c.SlotId is not null && c.Record.Conference is not null).Select(c => (c.SlotId!, c.Record.MeetingId, c.Record.CallSid)).ToList();
        if (bridged.Count == 0)
        {
            return calls.Select(c => c.Record).ToList();
        }
        var attendance = await slots.AttendanceAsync(bridged, ct);
        return calls.Select(c => attendance.TryGetValue(c.Record.CallSid, out var a)
            ? c.Record with { JoinedAt = a.JoinedAt, LeftAt = a.LeftAt }
            : c.Record).ToList();
    }
}
