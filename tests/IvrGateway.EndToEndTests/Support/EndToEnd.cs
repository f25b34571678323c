using System.Globalization;
using IvrGateway.Simulator.Calls;

namespace IvrGateway.EndToEndTests.Support;

/// <summary>
/// What every test talks to: one private Redis, one gateway process on it, the management API and
/// the call simulator. Started once for the assembly by <see cref="AssemblySetup"/>.
/// </summary>
internal static class EndToEnd
{
    private static GatewayEnvironment? running;

    public static GatewayProcess Gateway => Running.Gateway;

    public static ManagementApi Api => Running.Api;

    public static CallSimulator Simulator => Running.Simulator;

    public static FakeTwilio Twilio => Running.Twilio;

    public static ProcessLog? GatewayLog => running?.GatewayLog;

    private static GatewayEnvironment Running => running ?? throw new InvalidOperationException(
        "The end-to-end environment is not running: the assembly set-up (AssemblySetup) did not start it.");

    public static async Task StartAsync()
    {
        var logs = Path.Combine(TestContext.CurrentContext.WorkDirectory, "EndToEndLogs",
            "run-" + TimeProvider.System.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        running = await GatewayEnvironment.StartAsync(logs, "end-to-end environment");
    }

    public static void Stop()
    {
        running?.Dispose();
        running = null;
    }
}
