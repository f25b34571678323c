using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace IvrGateway.Testing.Gateway;

/// <summary>
/// The built gateway (<c>dotnet IvrGateway.dll</c>) as its own process in Staging (Production's
/// rules minus https), on a free loopback port and the private Redis, as it would be deployed minus TLS.
/// </summary>
public sealed class GatewayProcess : IDisposable
{
    public const string DialInNumber = "+15557650000";

    // Generous: a gateway starting on a loaded two-core machine (JIT, Redis, key ring) can take far longer than on a quiet one.
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    // Settings a developer's shell might carry that would change what is under test.
    private static readonly string[] InheritedPrefixes =
        ["ASPNETCORE_", "DOTNET_ENVIRONMENT", "ConnectionStrings__", "Redis__", "Twilio__", "Gateway__", "Voice__", "Demo__", "Logging__", "RateLimits__", "Management__"];

    private readonly Process process;
    private readonly string? pidFile;
    private TimeSpan readyTimeout = ReadyTimeout;

    private GatewayProcess(Process process, Uri baseUrl, GatewaySecrets secrets, string? pidFile)
    {
        this.process = process;
        this.pidFile = pidFile;
        BaseUrl = baseUrl;
        Secrets = secrets;
    }

    public Uri BaseUrl { get; }

    public GatewaySecrets Secrets { get; }

    /// <summary>Starts the gateway and waits for <c>/health/ready</c>; a port taken in the meantime gets another try on a new one.</summary>
    /// <param name="settings">Extra environment variables (<c>Health__DrainSeconds</c>) on top of the deployment's.</param>
    /// <param name="secrets">The deployment's keys: another node of the same deployment shares them; fresh ones when null.</param>
    /// <param name="readyTimeout">How long to wait for ready; 30 s when null (a Development gateway compiles more at start).</param>
    public static async Task<GatewayProcess> StartAsync(string dll, string redis, ProcessLog log, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? settings = null, GatewaySecrets? secrets = null, TimeSpan? readyTimeout = null)
    {
        secrets ??= GatewaySecrets.New();
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var gateway = Launch(dll, port, redis, secrets, log, settings);
            gateway.readyTimeout = readyTimeout ?? ReadyTimeout;
            try
            {
                await gateway.WaitUntilReadyAsync(cancellationToken);
                return gateway;
            }
            catch (InvalidOperationException) when (attempt < 3 && gateway.ExitedBecausePortWasTaken(log))
            {
                gateway.Dispose();
            }
            catch
            {
                gateway.Dispose();
                throw;
            }
        }
    }

    /// <summary>The gateway built in the same configuration as these tests; a missing build is a failure with what to do about it.</summary>
    public static string BuiltDll()
    {
        var dll = RepositoryLayout.GatewayDll;
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException(
                $"The built gateway is missing: {dll}. Build the solution (dotnet build IvrGateway.sln) or this test project, whose project reference builds the gateway first.");
    }

    /// <summary>Kills the process tree; nothing of the gateway's state is worth a graceful shutdown here.</summary>
    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            // Without a time limit this also waits for the last output lines to reach the log.
            if (process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // The process already went away.
        }
        finally
        {
            process.Dispose();
            try
            {
                if (pidFile is not null)
                {
                    File.Delete(pidFile);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The test command's clean-up finds the process gone.
            }
        }
    }

    /// <summary>SIGKILL: the node dies at once, as in a crash or an out-of-memory kill (no drain, no shutdown).</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit(TimeSpan.FromSeconds(5));
    }

    /// <summary>Sends SIGTERM, as an orchestrator stopping the node does.</summary>
    public void Terminate()
    {
        if (kill(process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill -TERM {process.Id} failed.");
        }
    }

    /// <summary>Waits for the process to exit by itself; its exit code, or null when it is still running.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054, CA5392 // one POSIX call in a test helper
    private static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054, CA5392

    private static GatewayProcess Launch(string dll, int port, string redis, GatewaySecrets secrets, ProcessLog log, IReadOnlyDictionary<string, string>? settings)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = RepositoryLayout.GatewayProject, // the content root, as in scripts/run.sh
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(baseUrl.GetLeftPart(UriPartial.Authority));
        foreach (var name in info.Environment.Keys.Where(k => InheritedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            info.Environment.Remove(name);
        }
        // Staging: every secret required as in Production, but plain http on loopback is allowed
        // (Production insists on https public URLs, and these tests run without TLS).
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Staging";
        info.Environment["ConnectionStrings__Redis"] = redis;
        info.Environment["Redis__KeyPrefix"] = "e2e";
        info.Environment["Twilio__AuthToken"] = secrets.AuthToken;
        info.Environment["Gateway__AdminApiKey"] = secrets.AdminApiKey;
        info.Environment["Gateway__OpsApiKey"] = secrets.OpsApiKey;
        info.Environment["Gateway__CodeSecret"] = secrets.CodeSecret;
        info.Environment["Gateway__PublicBaseUrl"] = baseUrl.GetLeftPart(UriPartial.Authority);
        // One process serves a whole test run from one loopback address, signing in again and again;
        // the limits themselves are tested in-process (RateLimitTests).
        info.Environment["RateLimits__SignInPerAddress__PermitLimit"] = "10000";
        info.Environment["RateLimits__SignInPerAccount__PermitLimit"] = "10000";
        info.Environment["RateLimits__ApiKeyFailuresPerAddress__PermitLimit"] = "10000";
        info.Environment["Gateway__DialInNumbers__0__number"] = DialInNumber;
        info.Environment["Gateway__DialInNumbers__0__country"] = "US";
        // One outage journal per process (a test that restarts a node passes the same file again).
        info.Environment["Voice__OutageJournalFile"] = Path.Combine(Path.GetTempPath(), "ivr-e2e-journal", $"gateway-{Guid.NewGuid():N}.ndjson");
        // Join online: browser tokens are minted (Twilio is never reached: the browser tests replace the SDK in the page).
        info.Environment["Twilio__AccountSid"] = "AC0123456789abcdef0123456789abcdef";
        info.Environment["Twilio__ApiKeySid"] = "SK0123456789abcdef0123456789abcdef";
        info.Environment["Twilio__ApiKeySecret"] = "e2e-api-key-secret-" + secrets.AuthToken;
        info.Environment["Twilio__TwimlAppSid"] = "AP0123456789abcdef0123456789abcdef";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        log.Write("test", $"starting {info.FileName} {string.Join(' ', info.ArgumentList)} in {info.WorkingDirectory}");
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Could not run '{info.FileName}' to start the gateway: {e.Message}", e);
        }
        process.OutputDataReceived += (_, e) => log.Write("out", e.Data);
        process.ErrorDataReceived += (_, e) => log.Write("err", e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // A pid file lets the test command stop a gateway that a crashed test run left behind.
        var runDirectory = Environment.GetEnvironmentVariable("IVR_TEST_RUN_DIR");
        string? pidFile = null;
        if (!string.IsNullOrEmpty(runDirectory))
        {
            pidFile = Path.Combine(runDirectory, $"gateway-{port.ToString(CultureInfo.InvariantCulture)}.pid");
            File.WriteAllText(pidFile, process.Id.ToString(CultureInfo.InvariantCulture));
        }
        return new GatewayProcess(process, baseUrl, secrets, pidFile);
    }

    /// <summary>The dotnet host running these tests, so the gateway runs on the same SDK and runtime.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var ready = new Uri(BaseUrl, "/health/ready");
        var waited = Stopwatch.StartNew();
        var last = "no answer yet";
        while (waited.Elapsed < readyTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The gateway exited with code {process.ExitCode} before it was ready.");
            }
            try
            {
                using var response = await http.GetAsync(ready, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = e.Message;
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new InvalidOperationException($"The gateway did not answer 200 on {ready} within {readyTimeout.TotalSeconds:0} s (last: {last}).");
    }

    private bool ExitedBecausePortWasTaken(ProcessLog log)
    {
        if (!process.HasExited)
        {
            return false;
        }
        process.WaitForExit(); // drains the output, so the log holds the reason
        return log.Contains("address already in use");
    }
}
