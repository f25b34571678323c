using System.Globalization;

namespace IvrGateway.Simulator.Load;

/// <summary>One command's line of <c>INFO commandstats</c>.</summary>
public sealed record CommandCount(string Command, long Calls, long Microseconds);

/// <summary>
/// What the load tool reads from <c>INFO stats commandstats cpu</c>. Redis counts the commands
/// that Lua scripts run in commandstats and in <c>total_commands_processed</c> too, so these
/// totals are work done, not round trips; <c>eval</c> and <c>evalsha</c> are the script round trips.
/// </summary>
public sealed record RedisInfo(long TotalCommands, double CpuSeconds, IReadOnlyDictionary<string, CommandCount> Commands)
{
    public static readonly RedisInfo Empty = new(0, 0, new Dictionary<string, CommandCount>());

    public static RedisInfo Parse(string text)
    {
        long total = 0;
        double cpu = 0;
        var commands = new Dictionary<string, CommandCount>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (line.Length == 0 || line[0] == '#' || colon < 0)
            {
                continue;
            }
            var key = line[..colon];
            var value = line[(colon + 1)..];
            if (key == "total_commands_processed")
            {
                total = long.Parse(value, CultureInfo.InvariantCulture);
            }
            else if (key is "used_cpu_sys" or "used_cpu_user")
            {
                cpu += double.Parse(value, CultureInfo.InvariantCulture);
            }
            else if (key.StartsWith("cmdstat_", StringComparison.Ordinal))
            {
                var fields = value.Split(',').Select(part => part.Split('=', 2)).Where(pair => pair.Length == 2)
                    .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
                var name = key["cmdstat_".Length..];
                commands[name] = new CommandCount(name, Long(fields, "calls"), Long(fields, "usec"));
            }
        }
        return new RedisInfo(total, cpu, commands);
    }

    /// <summary>What happened between two readings. Commands that did not run in between are left out.</summary>
    public RedisInfo Since(RedisInfo before)
    {
        var commands = new Dictionary<string, CommandCount>(StringComparer.Ordinal);
        foreach (var (name, after) in Commands)
        {
            var earlier = before.Commands.GetValueOrDefault(name);
            var calls = after.Calls - (earlier?.Calls ?? 0);
            if (calls > 0)
            {
                commands[name] = new CommandCount(name, calls, after.Microseconds - (earlier?.Microseconds ?? 0));
            }
        }
        return new RedisInfo(TotalCommands - before.TotalCommands, CpuSeconds - before.CpuSeconds, commands);
    }

    /// <summary>Leaves out a command the measurement itself sent (the load tool's own <c>INFO</c>).</summary>
    public RedisInfo Without(string command)
    {
        var calls = Calls(command);
        var commands = Commands.Where(pair => pair.Key != command).ToDictionary(StringComparer.Ordinal);
        return this with { TotalCommands = TotalCommands - calls, Commands = commands };
    }

    public long Calls(string command) => Commands.GetValueOrDefault(command)?.Calls ?? 0;

    private static long Long(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
