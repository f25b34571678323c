using NUnit.Framework.Interfaces;

namespace IvrGateway.EndToEndTests.Support;

/// <summary>Each gateway node's log in a folder of the test's own, so tests that start their own nodes never mix their output.</summary>
internal sealed class NodeLogs(string test) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ivr-mail-" + test + "-").FullName;
    private readonly List<ProcessLog> opened = [];

    public ProcessLog For(string node)
    {
        var log = new ProcessLog(Path.Combine(folder, node + ".log"));
        opened.Add(log);
        return log;
    }

    /// <summary>The lines of every node's whole log (not only the tail kept in memory) that contain <paramref name="text"/>, by node.</summary>
    public IReadOnlyList<int> CountLines(string text) => opened.Select(log =>
    {
        using var stream = new FileStream(log.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            count += line.Contains(text, StringComparison.Ordinal) ? 1 : 0;
        }
        return count;
    }).ToList();

    /// <summary>For a [TearDown]: when the test failed, the end of each node's log is printed and the whole log attached.</summary>
    public void ShowOnFailure()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status != TestStatus.Failed)
        {
            return;
        }
        foreach (var log in opened)
        {
            TestContext.Out.WriteLine(log.Tail());
            if (File.Exists(log.Path))
            {
                TestContext.AddTestAttachment(log.Path, "a gateway node's stdout and stderr");
            }
        }
    }

    public void Dispose()
    {
        foreach (var log in opened)
        {
            log.Dispose();
        }
    }
}
