using System.Globalization;
using System.Net.Http.Headers;
using IvrGateway.Simulator.Calls;

namespace IvrGateway.BrowserTests.Support;

/// <summary>
/// What every test talks to: one private Redis, the built gateway as its own process on it (in
/// Staging, with fresh random keys), the management API and the call simulator. Started once
/// for the assembly by <see cref="AssemblySetup"/>, with the shared gateway environment of IvrGateway.Testing.
/// </summary>
internal static class DashboardHost
{
    private static GatewayEnvironment? running;

    public static GatewayProcess Gateway => Running.Gateway;

    public static Uri BaseUrl => Gateway.BaseUrl;

    public static string OpsKey => Gateway.Secrets.OpsApiKey;

    public static ManagementApi Api => Running.Api;

    public static CallSimulator Simulator => Running.Simulator;

    /// <summary>Twilio played by the simulator (phone calls, and the browser leg of joining online).</summary>
    public static FakeTwilio Twilio => Running.Twilio;

    public static ProcessLog? GatewayLog => running?.GatewayLog;

    /// <summary>Twilio's REST API, faked in-process by the same simulator the calls use (Call me, mute, remove, end).</summary>
    public static IvrGateway.Simulator.Rest.FakeTwilioServer RestApi => Running.RestApi;

    public static IvrGateway.Testing.Twilio.RestApiProbe RestProbe() => Running.RestProbe();

    /// <summary>Where a test run keeps what it produced: process logs, screenshots.</summary>
    public static string ArtifactsDirectory { get; } = Path.Combine(TestContext.CurrentContext.WorkDirectory, "BrowserTestArtifacts",
        "run-" + TimeProvider.System.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    private static GatewayEnvironment Running => running ?? throw new InvalidOperationException(
        "The gateway for the browser tests is not running: the assembly set-up (AssemblySetup) did not start it.");

    /// <summary>A management API answer as text, such as an export, with <paramref name="apiKey"/> as the Bearer key.</summary>
    public static async Task<string> ApiTextAsync(string path, string apiKey, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(15) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.That(response.IsSuccessStatusCode, Is.True, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return text;
    }

    public static async Task StartAsync() =>
        running = await GatewayEnvironment.StartAsync(ArtifactsDirectory, "Browser tests");

    public static void Stop()
    {
        running?.Dispose();
        running = null;
    }
}
