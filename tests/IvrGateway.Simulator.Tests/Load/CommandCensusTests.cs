using IvrGateway.Simulator.Load;

namespace IvrGateway.Simulator.Tests.Load;

public sealed class CommandCensusTests
{
    [Test]
    public void Commands_are_counted_by_who_sent_them()
    {
        var byClient = new Dictionary<string, long>(StringComparer.Ordinal);
        var byScript = new Dictionary<string, long>(StringComparer.Ordinal);
        string[] lines =
        [
            "1700000000.100000 [0 127.0.0.1:50123] \"EVALSHA\" \"abc\" \"5\" \"ivr:{s:1}:call:CA1\"",
            "1700000000.100010 [0 lua] \"EXISTS\" \"ivr:{s:1}:call:CA1\"",
            "1700000000.100020 [0 lua] \"HSET\" \"ivr:{s:1}:call:CA1\" \"step\" \"passcode\"",
            "1700000000.100030 [0 lua] \"hset\" \"ivr:{s:1}:call:CA1\" \"tok\" \"x\"",
            "1700000000.200000 [0 127.0.0.1:50124] \"GET\" \"baseline:CA1\"",
            "1700000000.300000 [0 127.0.0.1:50999] \"info\" \"stats\"",
            "OK",
        ];

        foreach (var line in lines)
        {
            CommandCensus.Count(line, byClient, byScript);
        }

        Assert.Multiple(() =>
        {
            Assert.That(byClient, Is.EqualTo(new Dictionary<string, long> { ["evalsha"] = 1, ["get"] = 1 }));
            Assert.That(byScript, Is.EqualTo(new Dictionary<string, long> { ["exists"] = 1, ["hset"] = 2 }));
        });
    }
}
