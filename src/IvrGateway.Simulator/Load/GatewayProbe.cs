namespace IvrGateway.Simulator.Load;

/// <summary>The gateway process as seen from outside while the load runs: peak memory and CPU time.</summary>
public sealed record GatewayFigures(int Pid, double PeakWorkingSetMb, double LifetimePeakMb, double CpuSeconds);

/// <summary>
/// Samples <c>/proc/&lt;pid&gt;/status</c> every 250 ms for the peak working set (VmRSS), and reads
/// VmHWM (the kernel's own peak, which also covers the setup) and the CPU time at the end.
/// </summary>
internal sealed class GatewayProbe : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly int pid;
    private readonly TimeSpan cpuAtStart;
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;
    private long peakResident;

    public GatewayProbe(int pid, TimeProvider time)
    {
        this.pid = pid;
        cpuAtStart = Cpu();
        Sample();
        sampling = SampleAsync(time);
    }

    public async Task<GatewayFigures> FinishAsync()
    {
        await StopAsync();
        Sample();
        var status = Status();
        return new GatewayFigures(pid, Megabytes(peakResident), Megabytes(status.PeakResidentBytes),
            (Cpu() - cpuAtStart).TotalSeconds);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
    }

    private async Task StopAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await stop.CancelAsync();
        }
        try
        {
            await sampling;
        }
        catch (OperationCanceledException)
        {
            // The normal end of sampling.
        }
    }

    private async Task SampleAsync(TimeProvider time)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stop.Token))
        {
            Sample();
        }
    }

    // Never runs concurrently: first in the constructor, then on the timer, then once after it stopped.
    private void Sample() => peakResident = Math.Max(peakResident, Status().ResidentBytes);

    private ProcessStatus Status() => ProcessStatus.Parse(File.ReadAllText($"/proc/{pid}/status"));

    private TimeSpan Cpu() => ProcessStatus.CpuTime(File.ReadAllText($"/proc/{pid}/stat"));

    private static double Megabytes(long bytes) => Math.Round(bytes / (1024.0 * 1024.0), 1);
}
