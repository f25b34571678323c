using IvrGateway.Simulator.Calls;

namespace IvrGateway.Simulator.Load;

/// <summary>How the calls of a run are placed.</summary>
/// <param name="Think">How long each caller takes before answering a prompt. Zero runs the calls in fast mode (no
/// real waits: the stay is counted, not waited); above zero the think time and the stay really pass, as on a phone.</param>
public sealed record RunSettings(Uri Gateway, string AuthToken, string To, TimeSpan Window, int Concurrency, TimeSpan Stay, TimeSpan Think)
{
    public bool Paced => Think > TimeSpan.Zero;
}

/// <summary>What the run phase measured, before Redis and the gateway process are added.</summary>
internal sealed record RunMeasurements(CallCounts Calls, Throughput Rates, SlotFigures Slots, IReadOnlyList<StepLatency> Steps, LatencySummary Overall);

/// <summary>
/// The burst: callers arrive on the schedule, each takes one of a limited number of slots (a
/// caller who finds none waits, and is counted), and plays the whole signed flow with its
/// callbacks. Lean on purpose, as the tool shares the machine with the gateway and Redis: fast
/// mode (no real pauses) unless the run is paced, no observer, nothing printed per call.
/// </summary>
internal sealed class LoadRunner(CallSimulator simulator, TimeProvider time)
{
    private readonly LoadCollector collector = new();
    private int inFlight;
    private int peakInFlight;
    private long slotTicks;

    public async Task<RunMeasurements> RunAsync(IReadOnlyList<PlannedCaller> callers, RunSettings settings, CancellationToken cancellationToken)
    {
        var offsets = ArrivalSchedule.Spread(callers.Count, settings.Window);
        using var slots = new SemaphoreSlim(settings.Concurrency, settings.Concurrency);
        var calls = new Task[callers.Count];
        var lag = TimeSpan.Zero;
        var started = time.GetTimestamp();
        for (var i = 0; i < callers.Count; i++)
        {
            var early = offsets[i] - time.GetElapsedTime(started);
            if (early > TimeSpan.Zero)
            {
                await Task.Delay(early, time, cancellationToken);
            }
            lag = TimeSpan.FromTicks(Math.Max(lag.Ticks, (time.GetElapsedTime(started) - offsets[i]).Ticks));
            var caller = callers[i];
            // Off the dispatching loop, so a slow start of one call never delays the next arrival.
            calls[i] = Task.Run(() => CallAsync(caller, settings, slots, cancellationToken), cancellationToken);
        }
        await Task.WhenAll(calls);
        var duration = time.GetElapsedTime(started);

        var (webhooks, failedWebhooks) = collector.WebhookCounts();
        var (waited, longestWait) = collector.SlotWaits();
        var (steps, overall) = collector.Latencies();
        var counts = collector.Calls();
        var seconds = Math.Max(duration.TotalSeconds, 1e-3);
        return new RunMeasurements(
            counts,
            new Throughput(Math.Round(seconds, 3), Math.Round(counts.Total / seconds, 1), webhooks, Math.Round(webhooks / seconds, 1), failedWebhooks),
            new SlotFigures(peakInFlight, waited, Math.Round(longestWait.TotalMilliseconds, 1), Math.Round(lag.TotalMilliseconds, 1),
                Math.Round(Interlocked.Read(ref slotTicks) / (double)Math.Max(duration.Ticks, 1), 1)),
            steps,
            overall);
    }

    private async Task CallAsync(PlannedCaller caller, RunSettings settings, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        if (!slots.Wait(0))
        {
            var waitStarted = time.GetTimestamp();
            await slots.WaitAsync(cancellationToken);
            collector.WaitedForSlot(time.GetElapsedTime(waitStarted));
        }
        var held = time.GetTimestamp();
        var now = Interlocked.Increment(ref inFlight);
        int peak;
        while (now > (peak = Volatile.Read(ref peakInFlight)) && Interlocked.CompareExchange(ref peakInFlight, now, peak) != peak)
        {
        }
        try
        {
            var options = new CallOptions
            {
                Gateway = settings.Gateway,
                AuthToken = settings.AuthToken,
                From = caller.From,
                To = settings.To,
                Fast = !settings.Paced,
                StayInConference = settings.Stay,
            };
            IKeypad keypad = new ScriptedKeypad(caller.AccessCode + "#", caller.Passcode + "#");
            if (settings.Paced)
            {
                keypad = new PacedKeypad(keypad, settings.Think, time);
            }
            collector.Record(await simulator.DialAsync(options, keypad, observer: null, cancellationToken));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            collector.Crash(exception);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
            Interlocked.Add(ref slotTicks, time.GetElapsedTime(held).Ticks);
            slots.Release();
        }
    }
}
