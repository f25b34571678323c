using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace IvrGateway.Testing.Redis;

/// <summary>
/// A private <c>redis-server</c> on a free loopback port: tests never touch a developer's Redis.
/// A test can stop and relaunch it (same port, same data when persistent) to see what callers hear
/// during an outage. A missing <c>redis-server</c> is a failure, never a skip: CI must not pass without Redis.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly string directory;
    private readonly ProcessLog log;
    private readonly bool ownsLog;
    private Process? process;

    private RedisServer(int port, bool persistent, string directory, ProcessLog log, bool ownsLog)
    {
        Port = port;
        Persistent = persistent;
        this.directory = directory;
        this.log = log;
        this.ownsLog = ownsLog;
    }

    public int Port { get; }

    /// <summary>Every write is fsynced to an append-only file, so a relaunch keeps the data.</summary>
    public bool Persistent { get; }

    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Starts a server and waits until it answers PING; a port taken in the meantime gets another try on a new one.
    /// </summary>
    /// <param name="persistent">Keep the data across <see cref="Stop"/> and <see cref="Launch"/>.</param>
    /// <param name="log">Where the server's output goes; a file in the server's own temporary folder when null.</param>
    public static RedisServer Start(bool persistent = false, ProcessLog? log = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("ivr-redis-").FullName;
            var server = new RedisServer(FreePort.Next(), persistent, directory, log ?? new ProcessLog(Path.Combine(directory, "redis.log")), ownsLog: log is null);
            try
            {
                server.Launch();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && server.ExitedBecausePortWasTaken())
            {
                server.Dispose();
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }
    }

    /// <summary>Starts the server process (again, after <see cref="Stop"/>) on the same port and folder, and waits until it answers.</summary>
    public void Launch()
    {
        if (process is { HasExited: false })
        {
            throw new InvalidOperationException($"redis-server on port {Port} is already running.");
        }
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("IVR_REDIS_SERVER") ?? "redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", Persistent ? "yes" : "no", "--appendfsync", "always", "--dir", directory,
            // A pid file lets the test command stop a server that a crashed test run left behind.
            "--pidfile", PidFile, "--daemonize", "no",
            // Tests pause a server with DEBUG SLEEP (a slow disk, a stalled primary); Redis 7 refuses DEBUG unless allowed.
            "--enable-debug-command", "local",
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                "redis-server is not installed, and the tests need it. Run the test command (scripts/test.sh), which installs it, " +
                "or 'sudo apt-get install redis-server'.", e);
        }
        process.OutputDataReceived += (_, e) => log.Write("redis", e.Data);
        process.ErrorDataReceived += (_, e) => log.Write("redis!", e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        WaitUntilAnswering();
    }

    /// <summary>Kills the server the way an outage would: no shutdown, no save (a persistent server has fsynced every write).</summary>
    public void Stop()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        process?.Dispose();
        process = null;
        // A killed server leaves its pid file; the test command must not kill whoever gets that pid next.
        DeleteQuietly(() => File.Delete(PidFile));
    }

    /// <summary>Asks Redis to shut down (which also removes its pid file), kills it when it does not, and removes its folder.</summary>
    public void Dispose()
    {
        try
        {
            if (process is { HasExited: false })
            {
                TrySend("SHUTDOWN NOSAVE");
                process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        finally
        {
            Stop();
            if (ownsLog)
            {
                log.Dispose();
            }
            DeleteQuietly(() => Directory.Delete(directory, recursive: true));
        }
    }

    private string PidFile => Path.Combine(Environment.GetEnvironmentVariable("IVR_TEST_RUN_DIR") is { Length: > 0 } run ? run : directory,
        $"redis-{Port.ToString(CultureInfo.InvariantCulture)}.pid");

    private bool ExitedBecausePortWasTaken()
    {
        if (process is not { HasExited: true })
        {
            return false;
        }
        process.WaitForExit(); // drains the output, so the log holds the reason
        return log.Contains("Address already in use");
    }

    private void WaitUntilAnswering()
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode} before answering on port {Port}.{Environment.NewLine}{log.Tail(20)}");
            }
            if (TrySend("PING") == "+PONG")
            {
                return;
            }
            Thread.Sleep(50);
        }
        throw new InvalidOperationException($"redis-server did not answer on port {Port} within 10 s.");
    }

    /// <summary>One inline command over a raw socket, so starting Redis needs no Redis client; null when nothing answered.</summary>
    private string? TrySend(string command)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            client.ReceiveTimeout = 1000;
            using var stream = client.GetStream();
            stream.Write(Encoding.ASCII.GetBytes(command + "\r\n"));
            var buffer = new byte[64];
            var read = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).TrimEnd();
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return null;
        }
    }

    private static void DeleteQuietly(Action delete)
    {
        try
        {
            delete();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder or pid file of a stopped server is harmless.
        }
    }
}
