using System.CommandLine;
using System.Text.Json;
using IvrGateway.Simulator.Load;

namespace IvrGateway.Simulator.Cli;

/// <summary><c>load-report</c>: the figures table and target check-list of <c>bench/RESULTS.md</c>, from the JSON of six load runs.</summary>
internal static class LoadReportCommand
{
    public static Command Create(CommandContext context)
    {
        var baselineLatency = Required("--baseline-latency", "The baseline's latency run (JSON from load --json).");
        var baselinePaced = Required("--baseline-paced", "The baseline's paced run (load --think above 0).");
        var baselineBurst = Required("--baseline-burst", "The baseline's burst.");
        var gatewayLatency = Required("--gateway-latency", "The gateway's latency run.");
        var gatewayPaced = Required("--gateway-paced", "The gateway's paced run.");
        var gatewayBurst = Required("--gateway-burst", "The gateway's burst.");
        var census = new Option<string>("--census") { Description = "A census run against the gateway (load --census), for exact round trips." };
        var command = new Command("load-report", "Writes the benchmark's figures and target check-list as Markdown.")
        {
            baselineLatency, baselinePaced, baselineBurst, gatewayLatency, gatewayPaced, gatewayBurst, census,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            try
            {
                var runs = new BenchmarkRuns(
                    await ReadAsync(parsed.GetValue(baselineLatency)!, cancellationToken),
                    await ReadAsync(parsed.GetValue(baselinePaced)!, cancellationToken),
                    await ReadAsync(parsed.GetValue(baselineBurst)!, cancellationToken),
                    await ReadAsync(parsed.GetValue(gatewayLatency)!, cancellationToken),
                    await ReadAsync(parsed.GetValue(gatewayPaced)!, cancellationToken),
                    await ReadAsync(parsed.GetValue(gatewayBurst)!, cancellationToken),
                    parsed.GetValue(census) is { } path ? await ReadAsync(path, cancellationToken) : null);
                context.Console.Profile.Out.Writer.Write(BenchmarkMarkdown.Write(runs));
                return ExitCodes.Bridged;
            }
            catch (Exception e) when (e is IOException or JsonException or InvalidOperationException)
            {
                new LoadPrinter(context.Console).Problem($"Cannot read a load report: {e.Message}");
                return ExitCodes.Error;
            }
        });
        return command;
    }

    private static Option<string> Required(string name, string description) => new(name) { Description = description, Required = true };

    private static async Task<LoadReport> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<LoadReport>(file, LoadRun.Json, cancellationToken)
            ?? throw new InvalidOperationException($"{path} holds no report.");
    }
}
