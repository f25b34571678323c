using System.Diagnostics;

namespace IvrGateway.Simulator.Load;

/// <summary>
/// Who sent each command, from <c>MONITOR</c>: a client (one round trip) or a Lua script (work
/// inside a round trip). Exact, but MONITOR slows Redis down, so it is meant for a small census
/// run apart from the measured ones.
/// </summary>
public sealed record CommandCensus(long ClientCommands, long ScriptCommands, IReadOnlyDictionary<string, long> ByClient, IReadOnlyDictionary<string, long> ByScript)
{
    /// <summary>
    /// Counts one MONITOR line: <c>1700000000.123456 [0 lua] "HGET" "key"</c> or
    /// <c>1700000000.123456 [0 127.0.0.1:50123] "EVALSHA" ...</c>. The load tool's own
    /// <c>INFO</c> is not counted.
    /// </summary>
    public static void Count(string line, Dictionary<string, long> byClient, Dictionary<string, long> byScript)
    {
        var open = line.IndexOf('[', StringComparison.Ordinal);
        var close = open < 0 ? -1 : line.IndexOf(']', open);
        var quote = close < 0 ? -1 : line.IndexOf('"', close);
        var end = quote < 0 ? -1 : line.IndexOf('"', quote + 1);
        if (end < 0)
        {
            return;
        }
        var source = line[(open + 1)..close];
        var command = line[(quote + 1)..end].ToLowerInvariant();
        if (command is "info" or "monitor")
        {
            return;
        }
        var counts = source.EndsWith(" lua", StringComparison.Ordinal) ? byScript : byClient;
        counts[command] = counts.GetValueOrDefault(command) + 1;
    }
}

/// <summary>Runs <c>redis-cli MONITOR</c> for the length of a run and counts what it prints.</summary>
internal sealed class RedisMonitor : IAsyncDisposable
{
    private readonly Process process;
    private readonly Task reading;
    private readonly Dictionary<string, long> byClient = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> byScript = new(StringComparer.Ordinal);

    private RedisMonitor(Process process)
    {
        this.process = process;
        reading = ReadAsync();
    }

    public static async Task<RedisMonitor> StartAsync(RedisCli redis, CancellationToken cancellationToken)
    {
        var process = Process.Start(redis.Start("MONITOR")) ?? throw new InvalidOperationException("Could not start redis-cli MONITOR.");
        // MONITOR answers OK once it is on: commands sent before that would be missed.
        var first = await process.StandardOutput.ReadLineAsync(cancellationToken);
        if (first?.Trim() != "OK")
        {
            process.Kill();
            process.Dispose();
            throw new InvalidOperationException($"redis-cli MONITOR did not start: {first}");
        }
        return new RedisMonitor(process);
    }

    public async Task<CommandCensus> FinishAsync()
    {
        // Commands already sent are printed within milliseconds; a short grace catches the last ones.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Stop();
        await reading;
        return new CommandCensus(byClient.Values.Sum(), byScript.Values.Sum(), byClient, byScript);
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        await reading;
        process.Dispose();
    }

    private void Stop()
    {
        if (!process.HasExited)
        {
            process.Kill();
        }
    }

    private async Task ReadAsync()
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            CommandCensus.Count(line, byClient, byScript);
        }
    }
}
