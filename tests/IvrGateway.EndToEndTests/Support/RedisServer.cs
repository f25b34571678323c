using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace IvrGateway.EndToEndTests.Support;

/// <summary>
/// A private <c>redis-server</c> on a free loopback port, with nothing persisted: the gateway under
/// test never touches a developer's Redis. A missing <c>redis-server</c> is a failure, never a skip.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private readonly Process process;
    private readonly string directory;
    private readonly string? pidFile;

    private RedisServer(Process process, int port, string directory, string? pidFile)
    {
        this.process = process;
        this.directory = directory;
        this.pidFile = pidFile;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts a server and waits until it answers PING; a port taken in the meantime gets another try on a new one.</summary>
    public static RedisServer Start(ProcessLog log)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var directory = Directory.CreateTempSubdirectory("ivr-e2e-redis-").FullName;
            // A pid file lets the test command stop a server that a crashed test run left behind.
            var runDirectory = Environment.GetEnvironmentVariable("IVR_TEST_RUN_DIR");
            var pidFile = string.IsNullOrEmpty(runDirectory) ? null : Path.Combine(runDirectory, $"redis-{port}.pid");
            Process process;
            try
            {
                process = Launch(port, directory, pidFile, log);
            }
            catch
            {
                DeleteQuietly(() => Directory.Delete(directory, recursive: true));
                throw;
            }
            var server = new RedisServer(process, port, directory, pidFile);
            try
            {
                server.WaitUntilAnswering();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && server.ExitedBecausePortWasTaken(log))
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

    /// <summary>Asks Redis to shut down (which also removes its pid file), and kills it when it does not.</summary>
    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                TrySend("SHUTDOWN NOSAVE");
                if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(TimeSpan.FromSeconds(5));
                }
            }
        }
        finally
        {
            process.Dispose();
            // A killed server leaves its pid file; the test command must not kill whoever gets that pid next.
            DeleteQuietly(() => { if (pidFile is not null) File.Delete(pidFile); });
            DeleteQuietly(() => Directory.Delete(directory, recursive: true));
        }
    }

    private static Process Launch(int port, string directory, string? pidFile, ProcessLog log)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("IVR_REDIS_SERVER") ?? "redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", directory, "--daemonize", "no",
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        if (pidFile is not null)
        {
            info.ArgumentList.Add("--pidfile");
            info.ArgumentList.Add(pidFile);
        }
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                "redis-server is not installed, and the end-to-end tests need it. Run the test command (scripts/test.sh), which installs it, " +
                "or 'sudo apt-get install redis-server'.", e);
        }
        process.OutputDataReceived += (_, e) => log.Write("redis", e.Data);
        process.ErrorDataReceived += (_, e) => log.Write("redis!", e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private bool ExitedBecausePortWasTaken(ProcessLog log)
    {
        if (!process.HasExited)
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
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode} before answering on port {Port}.");
            }
            if (TrySend("PING") == "+PONG")
            {
                return;
            }
            Thread.Sleep(50);
        }
        throw new InvalidOperationException($"redis-server did not answer on port {Port} within 10 s.");
    }

    /// <summary>One inline command over a raw socket, so the tests need no Redis client; null when nothing answered.</summary>
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
