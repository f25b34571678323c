using IvrGateway.CallLog;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Security;

namespace IvrGateway.Ops.Dashboard;

/// <summary>
/// Reads the live view from Redis for every viewer of this node at once: while streaming, a
/// snapshot younger than half a second is shared, so ten open dashboards cost what one does; a
/// page load or a new stream reads afresh. Calls in progress and security events are read every
/// time (cheap: the active sets, the calls in them, one short stream range). The recent failures
/// come from the call-log streams, the expensive part, so the once-a-second reads take them again
/// only when a call has ended since the last read, or every few seconds for calls that started and
/// ended between two reads.
/// </summary>
public sealed class LiveSnapshots(CallLogStore callLog, SecurityEventLog securityEvents, TimeProvider time, ILogger<LiveSnapshots> logger)
{
    // Under the stream's one-second tick, so a single viewer always gets a fresh read.
    private static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan FailuresMaxAge = TimeSpan.FromSeconds(5);

    // The failures are picked from this many of the latest ended calls.
    private const int RecentEnded = 50;

    private readonly SemaphoreSlim gate = new(1, 1);
    private LiveSnapshot? current;
    private long currentAt;
    private IReadOnlyList<FailedCall> failures = [];
    private long failuresAt;
    private HashSet<string> inProgress = new(StringComparer.Ordinal);

    /// <param name="fresh">Read everything now: for a page load or a stream's first event, which must show what is true now.</param>
    public async Task<LiveSnapshot> CurrentAsync(bool fresh, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (fresh || current is null || time.GetElapsedTime(currentAt) >= MaxAge)
            {
                current = await ReadAsync(fresh, ct);
                currentAt = time.GetTimestamp();
            }
            return current;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<LiveSnapshot> ReadAsync(bool fresh, CancellationToken ct)
    {
        try
        {
            var records = await callLog.InProgressAsync(LiveSnapshot.MaxCalls, ct);
            var sids = records.Select(r => r.CallSid).ToHashSet(StringComparer.Ordinal);
            var someEnded = inProgress.Any(sid => !sids.Contains(sid));
            inProgress = sids;
            if (fresh || someEnded || failuresAt == 0 || time.GetElapsedTime(failuresAt) >= FailuresMaxAge)
            {
                var recent = await callLog.RecentAsync(RecentEnded, ct);
                failures = recent.Calls.Where(c => LiveSnapshot.IsFailure(c.Outcome)).Take(LiveSnapshot.MaxFailures).Select(FailedCall.Of).ToList();
                failuresAt = time.GetTimestamp();
            }
            var events = await securityEvents.RecentAsync(LiveSnapshot.MaxEvents, ct);
            var (calls, conferences) = LiveSnapshot.FromCallsInProgress(records);
            return new LiveSnapshot(calls, conferences, failures, events, null);
        }
        catch (StoreUnavailableException)
        {
            // Debug only: up to two reads a second would flood the log, and readiness already reports the outage.
            logger.LogDebug("The ops live view could not be refreshed: Redis is unavailable");
            // Ops keep what they last saw, marked as stale, rather than an empty screen that looks like a quiet night.
            return (current ?? LiveSnapshot.Empty) with { Problem = "Redis is unavailable: this view is not being updated." };
        }
    }
}
