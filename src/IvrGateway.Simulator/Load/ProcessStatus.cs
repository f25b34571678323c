using System.Globalization;

namespace IvrGateway.Simulator.Load;

/// <summary>Memory figures of a Linux process from <c>/proc/&lt;pid&gt;/status</c>, in bytes.</summary>
/// <param name="ResidentBytes">VmRSS: the working set now.</param>
/// <param name="PeakResidentBytes">VmHWM: the highest working set since the process started.</param>
public sealed record ProcessStatus(long ResidentBytes, long PeakResidentBytes)
{
    public static ProcessStatus Parse(string status)
    {
        long rss = 0, hwm = 0;
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kilobytes(line);
            }
        }
        return new ProcessStatus(rss, hwm);
    }

    /// <summary>
    /// User plus system CPU time from <c>/proc/&lt;pid&gt;/stat</c>, fields 14 and 15 in clock ticks
    /// (100 per second on Linux). The name in field 2 may hold spaces, so counting starts after its ')'.
    /// </summary>
    public static TimeSpan CpuTime(string stat, int ticksPerSecond = 100)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state), so field 14 is fields[11].
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((double)ticks / ticksPerSecond);
    }

    /// <summary>
    /// CPU time the whole machine spent busy (all cores), from the first line of <c>/proc/stat</c>:
    /// user, nice, system, irq, softirq and steal ticks; idle and iowait are not busy.
    /// </summary>
    public static TimeSpan MachineBusy(string procStat, int ticksPerSecond = 100)
    {
        var fields = procStat.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int index) => fields.Length > index ? long.Parse(fields[index], CultureInfo.InvariantCulture) : 0;
        var ticks = Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
        return TimeSpan.FromSeconds((double)ticks / ticksPerSecond);
    }

    // "VmRSS:	  123456 kB"
    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', '\t').Where(part => part.Length > 0).ElementAt(1), CultureInfo.InvariantCulture) * 1024;
}
