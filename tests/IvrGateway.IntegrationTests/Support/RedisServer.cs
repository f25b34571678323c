using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace IvrGateway.IntegrationTests.Support;

/// <summary>
/// A private <c>redis-server</c> on a free loopback port: tests never touch a developer's Redis,
/// and a test can stop and restart it to see what callers hear during an outage.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ivr-redis-").FullName;
    private Process? process;

    public int Port { get; } = FreePort();

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>With <paramref name="persistent"/>, every write is fsynced to an append-only file, so a restart keeps the data.</summary>
    public static RedisServer Start(bool persistent = false)
    {
        var server = new RedisServer { Persistent = persistent };
        server.Launch();
        return server;
    }

    public bool Persistent { get; private init; }

    public void Launch()
    {
        var binary = Environment.GetEnvironmentVariable("IVR_REDIS_SERVER") ?? "redis-server";
        // Pid files let the test command stop a server a crashed test run left behind.
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", Persistent ? "yes" : "no", "--appendfsync", "always", "--dir", directory,
                     "--pidfile", PidFile, "--daemonize", "no",
                 })
        {
            info.ArgumentList.Add(arg);
        }
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // A missing dependency is a failure, never a skip: CI must not pass without Redis.
            throw new InvalidOperationException(
                "redis-server is not installed. Run the test command (scripts/test.sh), which installs it, or 'sudo apt-get install redis-server'.", e);
        }
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        WaitUntilAnswering();
    }

    public void Stop()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        process?.Dispose();
        process = null;
        // A killed redis-server leaves its pid file; the test command would later kill whatever reuses the pid.
        File.Delete(PidFile);
    }

    private string PidFile => Path.Combine(Environment.GetEnvironmentVariable("IVR_TEST_RUN_DIR") ?? directory, $"redis-{Port}.pid");

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private void WaitUntilAnswering()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                using var probe = ConnectionMultiplexer.Connect($"{ConnectionString},connectTimeout=500,abortConnect=true");
                probe.GetDatabase().Ping();
                return;
            }
            catch (RedisConnectionException)
            {
                if (process!.HasExited)
                {
                    throw new InvalidOperationException($"redis-server exited with code {process.ExitCode}.");
                }
                Thread.Sleep(50);
            }
        }
        throw new InvalidOperationException($"redis-server did not answer on port {Port} within 10 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
