using System.Diagnostics;
using System.Globalization;

namespace IvrGateway.Simulator.Load;

/// <summary>
/// Reads Redis through <c>redis-cli</c> as a child process: the load tool then needs no Redis
/// client of its own, and its readings travel on a connection of their own, apart from the gateway's.
/// </summary>
internal sealed class RedisCli(string endpoint)
{
    public string Host { get; } = endpoint.Split(':')[0];

    public int Port { get; } = endpoint.Contains(':', StringComparison.Ordinal)
        ? int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture)
        : 6379;

    /// <summary>One <c>INFO</c> with three sections (Redis 7 takes several at once), so a reading costs one command.</summary>
    public async Task<RedisInfo> InfoAsync(CancellationToken cancellationToken)
    {
        using var process = Process.Start(Start("INFO", "stats", "commandstats", "cpu"))
            ?? throw new InvalidOperationException("Could not start redis-cli.");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 || !output.Contains("total_commands_processed", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"redis-cli -h {Host} -p {Port} INFO failed: {output.Trim()}");
        }
        return RedisInfo.Parse(output);
    }

    public ProcessStartInfo Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-h", Host, "-p", Port.ToString(CultureInfo.InvariantCulture) }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }
}
