namespace IvrGateway.Simulator.Calls;

/// <summary>The call's own time: in fast mode waits are skipped but still counted, so durations stay realistic.</summary>
internal sealed class CallClock(TimeProvider time, bool fast)
{
    private readonly long started = time.GetTimestamp();
    private TimeSpan skipped;

    public TimeSpan Elapsed => time.GetElapsedTime(started) + skipped;

    public DateTimeOffset UtcNow => time.GetUtcNow() + skipped;

    /// <summary>Time that passes on the call without the simulator waiting for it (a Gather's timeout).</summary>
    public void Skip(TimeSpan duration) => skipped += duration;

    public Task WaitAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        if (duration == Timeout.InfiniteTimeSpan)
        {
            // "Until told otherwise": not skippable, it ends only through the token.
            return Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
        }
        if (fast || duration <= TimeSpan.Zero)
        {
            Skip(duration);
            return Task.CompletedTask;
        }
        return Task.Delay(duration, time, cancellationToken);
    }
}
