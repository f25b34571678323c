using System.Collections.Concurrent;
using System.Text.Json;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Redis;
using IvrGateway.Voice.State;
using Microsoft.Extensions.Options;

namespace IvrGateway.Voice;

/// <summary>
/// Steps that failed because Redis was unreachable cannot be recorded when they happen. They wait here and are merged
/// into the call's one record as soon as Redis answers again (<see cref="CallerShardStore.JournalAsync"/>: the call's
/// state, or its record whichever node closed it), so the call log shows <c>store-unavailable</c>. Each is also appended
/// to a local file (<c>Voice:OutageJournalFile</c>) before the caller hears the apology and replayed at start-up, so a
/// node restarted during an outage loses none; a step replayed twice (a crash between Redis and the file) is merged once.
/// </summary>
public sealed partial class OutageJournal(CallerShardStore calls, TimeProvider time, RealTime clock, IOptions<VoiceOptions> options, ILogger<OutageJournal> logger)
    : BackgroundService
{
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<string, Pending> pending = new(StringComparer.Ordinal);
    private readonly Lock file = new();
    private bool fileBroken;

    internal sealed record Pending(string CallSid, string From, string To, CallEvent Step)
    {
        public string Key => CallSid + "|" + Step.Step + "|" + Step.At.ToUnixTimeMilliseconds();
    }

    private string FilePath => Path.GetFullPath(options.Value.OutageJournalFile);

    /// <summary>How many steps wait for Redis.</summary>
    public int Count => pending.Count;

    public void Record(string callSid, string from, string to, string step)
    {
        var entry = new Pending(callSid, from, to, new CallEvent(time.GetUtcNow(), step, Outcomes.StoreUnavailable));
        if (pending.Count < Capacity && pending.TryAdd(entry.Key, entry))
        {
            Append(entry);
        }
    }

    /// <summary>Writes what is waiting for one call (before its record is closed), or for all.</summary>
    public async Task FlushAsync(string? callSid = null, CancellationToken ct = default)
    {
        var wrote = false;
        try
        {
            foreach (var (key, entry) in pending)
            {
                if (callSid is not null && entry.CallSid != callSid)
                {
                    continue;
                }
                await calls.JournalAsync(entry.CallSid, entry.From, entry.To, entry.Step, time.GetUtcNow(), ct);
                pending.TryRemove(key, out _);
                wrote = true;
            }
        }
        catch (StoreUnavailableException)
        {
            // Still down: the rest waits for the next round.
        }
        finally
        {
            if (wrote)
            {
                Rewrite();
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Replay();
        // Polling for Redis to come back is waiting on a socket: the real clock, not the application's.
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        do
        {
            if (!pending.IsEmpty)
            {
                try
                {
                    await FlushAsync(ct: stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.FlushFailed(logger, e);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Loads what an earlier run of this node journalled and Redis never took.</summary>
    private void Replay()
    {
        lock (file)
        {
            if (!File.Exists(FilePath))
            {
                return;
            }
            var replayed = 0;
            foreach (var line in File.ReadLines(FilePath))
            {
                try
                {
                    if (JsonSerializer.Deserialize(line, OutageJournalJson.Default.Pending) is { CallSid.Length: > 0 } entry && pending.TryAdd(entry.Key, entry))
                    {
                        replayed++;
                    }
                }
                catch (JsonException)
                {
                    // A line cut short by a crash mid-write: the steps before it still count.
                }
            }
            if (replayed > 0)
            {
                Log.Replayed(logger, replayed, FilePath);
            }
        }
    }

    private void Append(Pending entry)
    {
        lock (file)
        {
            if (fileBroken)
            {
                return;
            }
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
                using var stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read);
                stream.Write(JsonSerializer.SerializeToUtf8Bytes(entry, OutageJournalJson.Default.Pending));
                stream.WriteByte((byte)'\n');
                stream.Flush(flushToDisk: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                fileBroken = true;
                Log.FileUnavailable(logger, e, FilePath);
            }
        }
    }

    /// <summary>The file keeps exactly what still waits: written beside it and renamed over it, so a crash leaves one or the other whole.</summary>
    private void Rewrite()
    {
        lock (file)
        {
            if (fileBroken || !File.Exists(FilePath))
            {
                return;
            }
            try
            {
                if (pending.IsEmpty)
                {
                    File.Delete(FilePath);
                    return;
                }
                var next = FilePath + ".next";
                File.WriteAllLines(next, pending.Values.Select(p => JsonSerializer.Serialize(p, OutageJournalJson.Default.Pending)));
                File.Move(next, FilePath, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                fileBroken = true;
                Log.FileUnavailable(logger, e, FilePath);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Writing journalled call steps failed")]
        public static partial void FlushFailed(ILogger logger, Exception e);

        [LoggerMessage(Level = LogLevel.Information, Message = "Outage journal: {Count} call steps from an earlier run wait for Redis ({File})")]
        public static partial void Replayed(ILogger logger, int count, string file);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Outage journal file {File} cannot be written: journalled steps are kept in memory only")]
        public static partial void FileUnavailable(ILogger logger, Exception e, string file);
    }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(OutageJournal.Pending))]
internal sealed partial class OutageJournalJson : System.Text.Json.Serialization.JsonSerializerContext;
