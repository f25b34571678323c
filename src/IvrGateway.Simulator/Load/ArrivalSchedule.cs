namespace IvrGateway.Simulator.Load;

/// <summary>When each caller of a burst dials, measured from the start of the run.</summary>
public static class ArrivalSchedule
{
    /// <summary>
    /// Evenly spaced over the window (caller i at window × i / n), so the arrival rate is flat and
    /// two runs with the same parameters offer exactly the same load. A window of zero means
    /// everyone at once: the concurrency limit alone then paces the run.
    /// </summary>
    public static TimeSpan[] Spread(int callers, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(callers);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        var offsets = new TimeSpan[callers];
        for (var i = 0; i < callers; i++)
        {
            offsets[i] = TimeSpan.FromTicks((long)((double)window.Ticks * i / callers));
        }
        return offsets;
    }
}
