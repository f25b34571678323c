using System.Globalization;
using IvrGateway.CallLog;
using IvrGateway.Infrastructure.Security;
using IvrGateway.Infrastructure.Telemetry;
using IvrGateway.Infrastructure;
using IvrGateway.Voice.Twilio;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace IvrGateway.Voice.State;

public enum Verdict
{
    Proceed,
    Retry,
    TooManyTries,
    Locked,
    UnknownCall,
    OutOfOrder,
}

/// <summary>How a step's outcome moves the call: on to the next step, another try at this one, or the end.</summary>
public enum StepKind
{
    Proceed,
    Retry,
    End,
}

/// <summary>What one step found, to be recorded and counted atomically.</summary>
public sealed record StepRecord(
    string Step,
    StepKind Kind,
    CallEvent Event,
    int TriesAllowed = 1,
    bool CountsAsFailure = false,
    bool SpendsLookup = false,
    string? NextStep = null,
    IReadOnlyList<KeyValuePair<string, string>>? State = null);

/// <summary>
/// Per-call state, lockouts and budgets in the caller's shard; one script per step. Nothing
/// about a call is kept in process memory, so any node can serve any step.
/// </summary>
public sealed class CallStateStore(RedisRunner redis, RedisKeyspace keys, IOptions<BruteForceOptions> bruteForce, IOptions<VoiceOptions> voice,
    IOptions<CallLogOptions> callLog, SecurityEventLog securityEvents, GatewayMetrics metrics)
{
    private static readonly string StepScript = EmbeddedLua.Read("call_step");
    private static readonly string FinishScript = EmbeddedLua.Read("call_finish", "lib_stream_entry_id");
    private static readonly string JournalScript = EmbeddedLua.Read("call_journal", "lib_stream_entry_id");

    public Task<Verdict> StartAsync(VoiceRequest call, string locale, string firstStep, DateTimeOffset now, CancellationToken ct = default)
    {
        var record = new StepRecord("incoming", StepKind.Proceed, new CallEvent(now, "incoming", Outcomes.Incoming), NextStep: firstStep,
            State:
            [
                new("sid", call.CallSid!),
                new("from", call.From),
                new("to", call.To ?? ""),
                new("locale", locale),
                new("started", now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
            ]);
        return RunAsync("start", call, record, now, ct);
    }

    public Task<Verdict> StepAsync(VoiceRequest call, StepRecord record, DateTimeOffset now, CancellationToken ct = default) =>
        RunAsync("step", call, record, now, ct);

    /// <summary>Turns the call's state into its call-log record. Repeated callbacks add nothing.</summary>
    public async Task FinishAsync(VoiceRequest call, string status, int durationSeconds, DateTimeOffset now, CancellationToken ct = default)
    {
        var shard = CallShard.For(keys, call.From);
        var args = new RedisValue[]
        {
            call.CallSid!, status, durationSeconds, now.ToString("O", CultureInfo.InvariantCulture), OldestKept(now),
            call.From, call.To ?? "", (long)TimeSpan.FromHours(1).TotalMilliseconds, RetentionMs, now.ToUnixTimeMilliseconds(),
        };
        var fields = (RedisResult[])(await redis.WriteAsync((Keys: new[] { shard.Call(call.CallSid!), shard.Active, shard.CallLog, shard.CallIndex(call.CallSid!) }, args),
            static (db, s) => db.ScriptEvaluateAsync(FinishScript, s.Keys, s.args), ct))!;
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            if (fields[i].ToString() == "outcome")
            {
                metrics.CallEnded(fields[i + 1].ToString());
            }
        }
    }

    /// <summary>Records a step that happened while Redis was unreachable, once it answers again.</summary>
    public async Task JournalAsync(string callSid, string from, string to, CallEvent step, DateTimeOffset now, CancellationToken ct = default)
    {
        var shard = CallShard.For(keys, from);
        var args = new RedisValue[] { callSid, from, to, step.ToJson(), step.Outcome, OldestKept(now), RetentionMs, now.ToUnixTimeMilliseconds() };
        await redis.WriteAsync((Keys: new[] { shard.Call(callSid), shard.CallLog, shard.CallIndex(callSid) }, args),
            static (db, s) => db.ScriptEvaluateAsync(JournalScript, s.Keys, s.args), ct);
    }

    private long RetentionMs => (long)TimeSpan.FromDays(callLog.Value.RetentionDays).TotalMilliseconds;

    private string OldestKept(DateTimeOffset now) =>
        (now - TimeSpan.FromDays(callLog.Value.RetentionDays)).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "-0";

    private async Task<Verdict> RunAsync(string op, VoiceRequest call, StepRecord record, DateTimeOffset now, CancellationToken ct)
    {
        var o = bruteForce.Value;
        var shard = CallShard.For(keys, call.From);
        var args = new List<RedisValue>
        {
            op,
            now.ToUnixTimeMilliseconds(),
            call.IdempotencyToken ?? "",
            op == "start" ? "" : record.Step,
            record.Kind switch { StepKind.Retry => "retry", StepKind.End => "end", _ => "proceed" },
            record.CountsAsFailure ? "1" : "0",
            record.SpendsLookup ? "1" : "0",
            record.TriesAllowed,
            record.NextStep ?? "",
            o.CallerFailures,
            (long)TimeSpan.FromMinutes(o.CallerWindowMinutes).TotalMilliseconds,
            (long)TimeSpan.FromMinutes(o.CallerLockoutMinutes).TotalMilliseconds,
            o.CallerLookups,
            (long)TimeSpan.FromHours(voice.Value.CallStateHours).TotalMilliseconds,
            record.Event.ToJson(),
            Outcomes.LockedOut,
        };
        foreach (var (name, value) in record.State ?? [])
        {
            args.Add(name);
            args.Add(value);
        }
        var keysForScript = new[] { shard.Call(call.CallSid!), shard.Failures(call.From), shard.Lookups(call.From), shard.Lock(call.From), shard.Active };
        var result = (RedisResult[])(await redis.WriteAsync((keysForScript, Args: args.ToArray()),
            static (db, s) => db.ScriptEvaluateAsync(StepScript, s.keysForScript, s.Args), ct))!;
        metrics.Step(record.Step, result[0].ToString() == "locked" ? Outcomes.LockedOut : record.Event.Outcome);
        if (result.Length > 2 && (int)result[2] == 1)
        {
            securityEvents.Record(SecurityEventKind.CallerLockedOut, now, call.CallSid, call.From, meetingId: null,
                $"{o.CallerFailures} failed entries or {o.CallerLookups} lookups within {o.CallerWindowMinutes} minutes");
        }
        return result[0].ToString() switch
        {
            "proceed" => Verdict.Proceed,
            "retry" => Verdict.Retry,
            "too-many" => Verdict.TooManyTries,
            "locked" => Verdict.Locked,
            "unknown-call" => Verdict.UnknownCall,
            _ => Verdict.OutOfOrder,
        };
    }
}
