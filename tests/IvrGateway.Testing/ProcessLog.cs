using System.Diagnostics;

namespace IvrGateway.Testing;

/// <summary>
/// A child process's stdout and stderr: all of it in a file beside the test results, the last
/// lines in memory so a failing test can print them.
/// </summary>
public sealed class ProcessLog : IDisposable
{
    private const int TailCapacity = 400;

    private readonly Lock gate = new();
    private readonly Queue<string> tail = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly StreamWriter writer;
    private bool closed;

    public ProcessLog(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    public string Path { get; }

    /// <summary>Appends one line, marked with the seconds since the log was opened and the stream it came from.</summary>
    public void Write(string stream, string? line)
    {
        if (line is null)
        {
            return;
        }
        var stamped = $"{clock.Elapsed.TotalSeconds,8:0.000} {stream} {line}";
        lock (gate)
        {
            tail.Enqueue(stamped);
            while (tail.Count > TailCapacity)
            {
                tail.Dequeue();
            }
            if (!closed)
            {
                writer.WriteLine(stamped);
            }
        }
    }

    public bool Contains(string text)
    {
        lock (gate)
        {
            return tail.Any(line => line.Contains(text, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>The last <paramref name="lines"/> lines, headed by where the whole log is.</summary>
    public string Tail(int lines = 60)
    {
        lock (gate)
        {
            var last = tail.Skip(Math.Max(0, tail.Count - lines));
            return $"--- last lines of {Path} ---{Environment.NewLine}{string.Join(Environment.NewLine, last)}{Environment.NewLine}--- end ---";
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            closed = true;
            writer.Dispose();
        }
    }
}
