namespace IvrGateway.Scheduling;

/// <summary>When a one-time code admits callers: from the lead before the start until the grace after the end.</summary>
internal sealed record ActivationWindow(DateTimeOffset ActiveFrom, DateTimeOffset ActiveUntil)
{
    public static ActivationWindow For(DateTimeOffset start, int durationMinutes, SchedulingOptions options) =>
        new(start - options.Lead, start.AddMinutes(durationMinutes) + options.Grace);

    public bool Contains(DateTimeOffset instant) => instant >= ActiveFrom && instant < ActiveUntil;
}
