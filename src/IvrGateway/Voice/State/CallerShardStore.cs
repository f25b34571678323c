using System.Globalization;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Redis;
using IvrGateway.Infrastructure.Security;
using IvrGateway.Infrastructure.Telemetry;
using IvrGateway.Voice.Twilio;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace IvrGateway.Voice.State;

/// <summary>
/// The one owner of the caller shards' Redis slots (<see cref="CallShard"/>): per-call state,
/// the caller's lockout and budgets, the active calls and the call-log stream they end in. One
/// script per step; nothing about a call is kept in process memory, so any node can serve any step.
/// No other class builds these keys or reads their values.
/// </summary>
public sealed partial class CallerShardStore(RedisRunner redis, RedisKeyspace keys, IOptions<BruteForceOptions> bruteForce, IOptions<VoiceOptions> voice,
    IOptions<RetentionOptions> retention, SecurityEventLog securityEvents, GatewayMetrics metrics)
{
    /// <summary>The step a call is at once the flow has nothing more to ask.</summary>
    public const string EndedStep = "end";

    /// <summary>The step a call is at once it is in its conference.</summary>
    public const string BridgedStep = "bridged";

    private const string StatusUnknown = "unknown";

    private static readonly StepVerdicts Verdicts = new(Verdict.Proceed, Verdict.Retry, Verdict.End, Verdict.TooManyTries, Verdict.Locked,
        Verdict.UnknownCall, Verdict.OutOfOrder);

    private static readonly StepOutcomes StepOutcomeNames = new(Outcomes.LockedOut, Outcomes.OutOfOrder, Outcomes.TooManyTries);

    private static readonly FinishOutcomes FinishOutcomeNames = new(Outcomes.HungUp, Outcomes.StoreUnavailable);

    /// <summary>Call-state fields that are bookkeeping, not part of the call-log record.</summary>
    private static readonly string[] PrivateFields = ["token", "verdict", "triesUsed"];

    /// <summary>The call state counts the tries at each step in a field named this and the step.</summary>
    private const string TriesPrefix = "tries:";

    private static readonly LuaScript<StepArgs, StepResult> StepScript =
        new("call_step", CallerShardJson.Default.StepArgs, CallerShardJson.Default.StepResult);

    private static readonly LuaScript<FinishArgs, FinishResult> FinishScript =
        new("call_finish", CallerShardJson.Default.FinishArgs, CallerShardJson.Default.FinishResult, "lib_stream_entry_id");

    private static readonly LuaScript<JournalArgs, JournalResult> JournalScript =
        new("call_journal", CallerShardJson.Default.JournalArgs, CallerShardJson.Default.JournalResult, "lib_stream_entry_id");

    private static string Tag(int shard) => "s:" + shard.ToString(CultureInfo.InvariantCulture);

    private RedisKey Call(int shard, string callSid) => keys.Key(Tag(shard), "call:" + callSid);

    private RedisKey Failures(int shard, string caller) => keys.Key(Tag(shard), "fail:" + caller);

    private RedisKey Lookups(int shard, string caller) => keys.Key(Tag(shard), "look:" + caller);

    private RedisKey Lock(int shard, string caller) => keys.Key(Tag(shard), "lock:" + caller);

    private RedisKey Active(int shard) => keys.Key(Tag(shard), "active");

    private RedisKey CallLog(int shard) => keys.Key(Tag(shard), "calls");

    /// <summary>Where an ended call's record is in <see cref="CallLog"/>: call SID to stream entry id.</summary>
    private RedisKey CallIndex(int shard, string callSid) => keys.Key(Tag(shard), "ci:" + callSid);

    public Task<Verdict> StartAsync(VoiceRequest call, string locale, string firstStep, DateTimeOffset now, CancellationToken ct = default)
    {
        var record = new StepRecord("incoming", Verdict.Proceed, new CallEvent(now, "incoming", Outcomes.Incoming), NextStep: firstStep);
        var facts = new StoredFacts(call.CallSid!, call.From, call.To ?? "", locale, now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        return RunAsync(start: true, call, record, facts, now, ct);
    }

    public Task<Verdict> StepAsync(VoiceRequest call, StepRecord record, DateTimeOffset now, CancellationToken ct = default) =>
        RunAsync(start: false, call, record, Store(record.Facts), now, ct);

    /// <summary>Turns the call's state into its call-log record. Repeated callbacks add nothing.</summary>
    public async Task FinishAsync(VoiceRequest call, string status, int durationSeconds, DateTimeOffset now, CancellationToken ct = default)
    {
        var shard = CallShard.For(call.From);
        var sid = call.CallSid!;
        var result = await FinishScript.WriteAsync(redis, [Call(shard, sid), Active(shard), CallLog(shard), CallIndex(shard, sid)],
            new FinishArgs(sid, call.From, call.To ?? "", status, durationSeconds, now.ToString("O", CultureInfo.InvariantCulture), OldestKept(now),
                (long)TimeSpan.FromHours(1).TotalMilliseconds, RetentionMs, now.ToUnixTimeMilliseconds(), [EndedStep, BridgedStep],
                FinishOutcomeNames, PrivateFields, TriesPrefix), ct);
        if (result.Closed && result.Outcome is { } outcome)
        {
            metrics.CallEnded(outcome);
        }
    }

    /// <summary>Records a step that happened while Redis was unreachable, once it answers again.</summary>
    public async Task JournalAsync(string callSid, string from, string to, CallEvent step, DateTimeOffset now, CancellationToken ct = default)
    {
        var shard = CallShard.For(from);
        await JournalScript.WriteAsync(redis, [Call(shard, callSid), CallLog(shard), CallIndex(shard, callSid)],
            new JournalArgs(callSid, from, to, step, OldestKept(now), RetentionMs, now.ToUnixTimeMilliseconds(), StatusUnknown), ct);
    }

    private long RetentionMs => (long)retention.Value.Retention.TotalMilliseconds;

    private string OldestKept(DateTimeOffset now) =>
        (now - retention.Value.Retention).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "-0";

    private async Task<Verdict> RunAsync(bool start, VoiceRequest call, StepRecord record, StoredFacts? facts, DateTimeOffset now, CancellationToken ct)
    {
        var o = bruteForce.Value;
        var shard = CallShard.For(call.From);
        var sid = call.CallSid!;
        var args = new StepArgs(start, sid, now.ToUnixTimeMilliseconds(), call.IdempotencyToken ?? "", start ? "" : record.Step, record.Asks,
            record.CountsAsFailure, record.SpendsLookup, record.TriesAllowed, record.NextStep ?? "",
            o.CallerFailures, (long)TimeSpan.FromMinutes(o.CallerWindowMinutes).TotalMilliseconds,
            (long)TimeSpan.FromMinutes(o.CallerLockoutMinutes).TotalMilliseconds, o.CallerLookups,
            (long)TimeSpan.FromHours(voice.Value.CallStateHours).TotalMilliseconds, record.Event, facts, Verdicts, StepOutcomeNames, EndedStep, TriesPrefix);
        var result = await StepScript.WriteAsync(redis,
            [Call(shard, sid), Failures(shard, call.From), Lookups(shard, call.From), Lock(shard, call.From), Active(shard)], args, ct);
        metrics.Step(record.Step, result.Verdict == Verdict.Locked ? Outcomes.LockedOut : record.Event.Outcome);
        if (result.NewlyLocked)
        {
            securityEvents.Record(SecurityEventKind.CallerLockedOut, now, call.CallSid, call.From, meetingId: null,
                $"{o.CallerFailures} failed entries or {o.CallerLookups} lookups within {o.CallerWindowMinutes} minutes");
        }
        return result.Verdict;
    }

    private static StoredFacts? Store(CallFacts? f) => f is null ? null
        : new StoredFacts(SlotId: f.SlotId, OrganizerId: f.OrganizerId, MeetingId: f.MeetingId, CodeKind: f.CodeKind, Role: f.Role,
            Label: f.Label, Conference: f.Conference, ContactId: f.ContactId, PasscodeKind: f.PasscodeKind);
}
