using IvrGateway.Simulator.Load;

namespace IvrGateway.Simulator.Tests.Load;

public sealed class RedisInfoTests
{
    private const string Before = "# Stats\r\ntotal_connections_received:4\r\ntotal_commands_processed:100\r\n\r\n" +
        "# CPU\r\nused_cpu_sys:1.500000\r\nused_cpu_user:2.250000\r\nused_cpu_sys_children:0.000000\r\n\r\n" +
        "# Commandstats\r\n" +
        "cmdstat_evalsha:calls=10,usec=200,usec_per_call=20.00,rejected_calls=0,failed_calls=0\r\n" +
        "cmdstat_hset:calls=40,usec=80,usec_per_call=2.00,rejected_calls=0,failed_calls=0\r\n" +
        "cmdstat_info:calls=1,usec=50,usec_per_call=50.00,rejected_calls=0,failed_calls=0\r\n" +
        "cmdstat_client|setname:calls=2,usec=4,usec_per_call=2.00,rejected_calls=0,failed_calls=0\r\n";

    private const string After = "# Stats\r\ntotal_commands_processed:190\r\n" +
        "# CPU\r\nused_cpu_sys:2.000000\r\nused_cpu_user:3.000000\r\n" +
        "# Commandstats\r\n" +
        "cmdstat_evalsha:calls=25,usec=500,usec_per_call=20.00,rejected_calls=0,failed_calls=0\r\n" +
        "cmdstat_eval:calls=1,usec=90,usec_per_call=90.00,rejected_calls=0,failed_calls=0\r\n" +
        "cmdstat_hset:calls=110,usec=220,usec_per_call=2.00,rejected_calls=0,failed_calls=0\r\n" +
        "cmdstat_info:calls=2,usec=100,usec_per_call=50.00,rejected_calls=0,failed_calls=0\r\n" +
        "cmdstat_client|setname:calls=2,usec=4,usec_per_call=2.00,rejected_calls=0,failed_calls=0\r\n";

    [Test]
    public void Commandstats_lines_are_read_with_their_calls_and_time()
    {
        var info = RedisInfo.Parse(Before);

        Assert.Multiple(() =>
        {
            Assert.That(info.TotalCommands, Is.EqualTo(100));
            Assert.That(info.CpuSeconds, Is.EqualTo(3.75).Within(1e-9));
            Assert.That(info.Commands["evalsha"], Is.EqualTo(new CommandCount("evalsha", 10, 200)));
            Assert.That(info.Commands["client|setname"].Calls, Is.EqualTo(2));
            Assert.That(info.Calls("eval"), Is.Zero);
        });
    }

    [Test]
    public void The_difference_of_two_readings_holds_only_what_ran_in_between()
    {
        var delta = RedisInfo.Parse(After).Since(RedisInfo.Parse(Before));

        Assert.Multiple(() =>
        {
            Assert.That(delta.TotalCommands, Is.EqualTo(90));
            Assert.That(delta.Calls("evalsha"), Is.EqualTo(15));
            Assert.That(delta.Calls("eval"), Is.EqualTo(1));
            Assert.That(delta.Commands["hset"], Is.EqualTo(new CommandCount("hset", 70, 140)));
            Assert.That(delta.Commands.Keys, Does.Not.Contain("client|setname"));
            Assert.That(delta.CpuSeconds, Is.EqualTo(1.25).Within(1e-9));
        });
    }

    [Test]
    public void The_tools_own_INFO_can_be_left_out_of_the_totals()
    {
        var delta = RedisInfo.Parse(After).Since(RedisInfo.Parse(Before)).Without("info");

        Assert.Multiple(() =>
        {
            Assert.That(delta.TotalCommands, Is.EqualTo(89));
            Assert.That(delta.Commands.Keys, Does.Not.Contain("info"));
        });
    }

    [Test]
    public void Text_that_is_not_INFO_reads_as_nothing()
    {
        Assert.That(RedisInfo.Parse("ERR unknown command\n").TotalCommands, Is.Zero);
    }
}
