using System.Collections.Concurrent;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Redis;
using IvrGateway.Voice.State;

namespace IvrGateway.Voice;

/// <summary>
/// Steps that failed because Redis was unreachable cannot be recorded when they happen. They wait
/// here (bounded, in this node's memory: the only call data that ever does) and are written to
/// the call's record as soon as Redis answers again, so the call log shows <c>store-unavailable</c>.
/// </summary>
public sealed class OutageJournal(CallerShardStore calls, TimeProvider time, RealTime clock, ILogger<OutageJournal> logger) : BackgroundService
{
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<string, Pending> pending = new(StringComparer.Ordinal);

    private sealed record Pending(string CallSid, string From, string To, CallEvent Step);

    public void Record(string callSid, string from, string to, string step)
    {
        if (pending.Count < Capacity)
        {
            pending.TryAdd(callSid + "|" + step, new Pending(callSid, from, to, new CallEvent(time.GetUtcNow(), step, Outcomes.StoreUnavailable)));
        }
    }

    /// <summary>Writes what is waiting for one call (before its record is closed), or for all.</summary>
    public async Task FlushAsync(string? callSid = null, CancellationToken ct = default)
    {
        foreach (var (key, entry) in pending)
        {
            if (callSid is not null && entry.CallSid != callSid)
            {
                continue;
            }
            try
            {
                await calls.JournalAsync(entry.CallSid, entry.From, entry.To, entry.Step, time.GetUtcNow(), ct);
                pending.TryRemove(key, out _);
            }
            catch (StoreUnavailableException)
            {
                return;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Polling for Redis to come back is waiting on a socket: the real clock, not the application's.
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!pending.IsEmpty)
            {
                try
                {
                    await FlushAsync(ct: stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Writing journalled call steps failed");
                }
            }
        }
    }
}
