using IvrGateway.Simulator.Load;

namespace IvrGateway.Simulator.Tests.Load;

public sealed class ProcessStatusTests
{
    [Test]
    public void The_working_set_and_its_peak_are_read_from_proc_status()
    {
        const string Status = "Name:\tdotnet\nVmPeak:\t 3000000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t30\n";

        var status = ProcessStatus.Parse(Status);

        Assert.That(status, Is.EqualTo(new ProcessStatus(100L * 1024 * 1024, 200L * 1024 * 1024)));
    }

    [Test]
    public void Cpu_time_is_user_plus_system_ticks_even_when_the_name_has_spaces()
    {
        const string Stat = "4242 (dotnet (my app)) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 75 0 0 20 0 30 0 100 0 0";

        Assert.That(ProcessStatus.CpuTime(Stat), Is.EqualTo(TimeSpan.FromSeconds(3.25)));
    }

    [Test]
    public void This_process_can_be_read_like_the_gateway()
    {
        var status = ProcessStatus.Parse(File.ReadAllText("/proc/self/status"));

        Assert.Multiple(() =>
        {
            Assert.That(status.ResidentBytes, Is.GreaterThan(0));
            Assert.That(status.PeakResidentBytes, Is.GreaterThanOrEqualTo(status.ResidentBytes));
            Assert.That(ProcessStatus.CpuTime(File.ReadAllText("/proc/self/stat")), Is.GreaterThan(TimeSpan.Zero));
        });
    }

    [Test]
    public void The_machine_is_busy_for_everything_but_idle_and_iowait()
    {
        const string Stat = "cpu  100 20 30 5000 400 6 7 8 0 0\ncpu0 50 10 15 2500 200 3 3 4 0 0\n";

        Assert.That(ProcessStatus.MachineBusy(Stat), Is.EqualTo(TimeSpan.FromSeconds(1.71)));
    }
}
