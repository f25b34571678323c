namespace IvrGateway.Testing;

/// <summary>Fixed instants for tests whose outcome depends on the hour or the day, so they do not change with the wall clock.</summary>
public static class TestClock
{
    /// <summary>
    /// Tuesday 16 June 2099, 14:00 UTC (10:00 in New York, 07:00 in Los Angeles, no daylight-saving change in the
    /// weeks around it). Far ahead on purpose: the gateway stores keys with absolute Redis expiries computed on its
    /// clock, and Redis expires them on the real one.
    /// </summary>
    public static readonly DateTimeOffset Afternoon = new(2099, 6, 16, 14, 0, 0, TimeSpan.Zero);
}
