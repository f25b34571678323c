namespace IvrGateway.Simulator.Load;

/// <summary>Percentiles of a set of latencies, in milliseconds.</summary>
public sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0);

    /// <summary>
    /// Nearest-rank percentiles over a sorted copy: exact, and cheap enough for the ~100,000
    /// samples of a run, so no histogram is needed.
    /// </summary>
    public static LatencySummary Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.ToArray();
        if (sorted.Length == 0)
        {
            return Empty;
        }
        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, Percentile(sorted, 50), Percentile(sorted, 95), Percentile(sorted, 99), sorted[^1]);
    }

    /// <summary>The smallest sample that at least <paramref name="percent"/>% of the samples do not exceed.</summary>
    internal static double Percentile(double[] sorted, double percent)
    {
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
