using System.Globalization;
using System.Text.Json;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Redis;
using IvrGateway.Infrastructure.Security;
using IvrGateway.Infrastructure.Telemetry;
using IvrGateway.Voice.Twilio;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace IvrGateway.Voice.State;

/// <summary>
/// The one owner of the caller shards' Redis slots (<see cref="CallShards"/>): per-call state,
/// the caller's lockout and budgets, the active calls and the call-log stream they end in. One
/// script per step; nothing about a call is kept in process memory, so any node can serve any step.
/// No other class builds these keys or reads their values.
/// </summary>
public sealed partial class CallerShardStore(RedisRunner redis, RedisKeyspace keys, CallShards shards, IOptions<BruteForceOptions> bruteForce,
    IOptions<VoiceOptions> voice, IOptions<RetentionOptions> retention, SecurityEventLog securityEvents, GatewayMetrics metrics)
{
    /// <summary>The shards this store spreads callers over.</summary>
    public CallShards Shards => shards;

    /// <summary>The step a call is at once the flow has nothing more to ask.</summary>
    public const string EndedStep = "end";

    /// <summary>The step a call is at once it is in its conference.</summary>
    public const string BridgedStep = "bridged";

    private const string StatusUnknown = "unknown";

    private static readonly StepVerdicts Verdicts = new(Verdict.Proceed, Verdict.Retry, Verdict.End, Verdict.TooManyTries, Verdict.Locked,
        Verdict.UnknownCall, Verdict.OutOfOrder);

    private static readonly StepOutcomes StepOutcomeNames = new(Outcomes.LockedOut, Outcomes.OutOfOrder, Outcomes.TooManyTries);

    private static readonly FinishOutcomes FinishOutcomeNames = new(Outcomes.HungUp, Outcomes.StoreUnavailable, Outcomes.Lost);

    /// <summary>Call-state fields that are bookkeeping, not part of the call-log record.</summary>
    private static readonly string[] PrivateFields = ["token", "verdict", "triesUsed"];

    /// <summary>The call state counts the tries at each step in a field named this and the step.</summary>
    private const string TriesPrefix = "tries:";

    /// <summary>The call state keeps the answer to each (step, attempt) in a field named this, the step, ':' and the attempt.</summary>
    private const string ReplyPrefix = "reply:";

    private static readonly BeginVerdicts BeginVerdictNames = new(Verdict.Proceed, Verdict.Locked, Verdict.UnknownCall, Verdict.OutOfOrder);

    private static readonly LuaScript<BeginArgs, BeginResult> BeginScript =
        new("call_begin", CallerShardJson.Default.BeginArgs, CallerShardJson.Default.BeginResult);

    private static readonly LuaScript<StepArgs, StepResult> StepScript =
        new("call_step", CallerShardJson.Default.StepArgs, CallerShardJson.Default.StepResult);

    private static readonly LuaScript<FinishArgs, FinishResult> FinishScript =
        new("call_finish", CallerShardJson.Default.FinishArgs, CallerShardJson.Default.FinishResult, "lib_stream_entry_id", "lib_call_index");

    private static readonly LuaScript<JournalArgs, JournalResult> JournalScript =
        new("call_journal", CallerShardJson.Default.JournalArgs, CallerShardJson.Default.JournalResult, "lib_stream_entry_id", "lib_call_index");

    private static readonly JournalOutcomes JournalOutcomeNames = new(JournalOutcome.Appended, JournalOutcome.Merged, JournalOutcome.Written, JournalOutcome.Dropped);

    private static string Tag(int shard) => "s:" + shard.ToString(CultureInfo.InvariantCulture);

    private RedisKey Call(int shard, string callSid) => keys.Key(Tag(shard), "call:" + callSid);

    /// <summary>A caller's (or a pool's) failures; <paramref name="budgetKey"/> is <see cref="CallerIdentity.BudgetKey"/> or <see cref="CallerIdentity.PoolKey"/>.</summary>
    private RedisKey Failures(int shard, string budgetKey) => keys.Key(Tag(shard), "fail:" + budgetKey);

    private RedisKey Lookups(int shard, string caller) => keys.Key(Tag(shard), "look:" + caller);

    private RedisKey Lock(int shard, string caller) => keys.Key(Tag(shard), "lock:" + caller);

    private RedisKey Active(int shard) => keys.Key(Tag(shard), "active");

    private RedisKey CallLog(int shard) => keys.Key(Tag(shard), "calls");

    /// <summary>Where an ended call's record is in <see cref="CallLog"/>: call SID to stream entry id.</summary>
    private RedisKey CallIndex(int shard, string callSid) => keys.Key(Tag(shard), "ci:" + callSid);

    private const string CallerIndexName = "calls:caller:";

    private const string MeetingIndexName = "calls:meeting:";

    /// <summary>The shard's records of one caller number or one meeting (lib_call_index.lua): padded stream entry ids.</summary>
    private RedisKey LogIndex(int shard, CallLogIndex index, string value) =>
        keys.Key(Tag(shard), (index == CallLogIndex.Caller ? CallerIndexName : MeetingIndexName) + value);

    private CallIndexes Indexes(int shard, DateTimeOffset now) =>
        new(keys.Key(Tag(shard), CallerIndexName).ToString(), keys.Key(Tag(shard), MeetingIndexName).ToString(),
            IndexMember((now - retention.Value.Retention).ToUnixTimeMilliseconds(), 0));

    /// <summary>An index member: the stream entry id padded so that members sort as the entries do (lib_call_index.lua pads the same way).</summary>
    private static string IndexMember(long milliseconds, long sequence) =>
        milliseconds.ToString("D13", CultureInfo.InvariantCulture) + "-" + sequence.ToString("D10", CultureInfo.InvariantCulture);

    public async Task<Verdict> StartAsync(VoiceRequest call, string locale, string firstStep, DateTimeOffset now, CancellationToken ct = default)
    {
        var record = new StepRecord("incoming", Verdict.Proceed, new CallEvent(now, "incoming", Outcomes.Incoming), NextStep: firstStep);
        var facts = new StoredFacts(call.CallSid!, call.From, call.To ?? "", locale, now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        return (await RunAsync(start: true, call, record, facts, answers: null, now, ct)).Verdict;
    }

    public async Task<Verdict> StepAsync(VoiceRequest call, StepRecord record, DateTimeOffset now, CancellationToken ct = default) =>
        (await RunAsync(start: false, call, record, Store(record.Facts), answers: null, now, ct)).Verdict;

    /// <summary>
    /// Records a step with the answer it gives each verdict. A replay of a (step, attempt) already
    /// answered changes nothing and returns the stored answer.
    /// </summary>
    public Task<StepReply> RecordAsync(VoiceRequest call, StepRecord record, StepAnswers answers, DateTimeOffset now, CancellationToken ct = default) =>
        RunAsync(start: false, call, record, Store(record.Facts), answers, now, ct);

    /// <summary>
    /// Before admission: <see cref="Verdict.Proceed"/> for a fresh attempt at <paramref name="step"/>; the stored answer for a replay;
    /// otherwise the verdict that refuses it (locked out, unknown call, out of order), which the step then records.
    /// </summary>
    public async Task<StepReply> BeginAsync(VoiceRequest call, string step, DateTimeOffset now, CancellationToken ct = default)
    {
        var caller = call.Caller;
        RedisKey[] keysUsed = caller.Verified
            ? [Call(caller.Shard, call.CallSid!), Lock(caller.Shard, caller.BudgetKey)]
            : [Call(caller.Shard, call.CallSid!), Lock(caller.Shard, caller.BudgetKey), Lock(caller.Shard, caller.PoolKey)];
        var result = await BeginScript.ReadAsync(redis, keysUsed,
            new BeginArgs(now.ToUnixTimeMilliseconds(), step, call.Attempt, !caller.Verified, TriesPrefix, ReplyPrefix, BeginVerdictNames), ct);
        return new StepReply(result.Verdict, result.Answer, result.Replayed);
    }

    /// <summary>
    /// Lifts a caller number's lockout: its verified (<c>v:</c>) lock and budgets, and its unverified (<c>u:</c>) ones in every
    /// shard (they live in the shard of each number it dialed). True when a lock was in force.
    /// </summary>
    public async Task<bool> LiftCallerAsync(string number, DateTimeOffset now, CancellationToken ct = default)
    {
        var e164 = CallerIdentity.ToE164(number);
        var normalized = e164 ?? number;
        var targets = new List<(RedisKey Lock, RedisKey Fails, RedisKey Looks)>();
        if (e164 is not null)
        {
            var shard = shards.For(e164);
            var key = "v:" + e164;
            targets.Add((Lock(shard, key), Failures(shard, key), Lookups(shard, key)));
        }
        foreach (var shard in shards.All)
        {
            var key = "u:" + normalized;
            targets.Add((Lock(shard, key), Failures(shard, key), Lookups(shard, key)));
        }
        var locks = await redis.WriteAsync(targets, static async (db, t) =>
        {
            var batch = db.CreateBatch();
            var reads = t.Select(k => batch.StringGetDeleteAsync(k.Lock)).ToArray();
            var deletes = t.Select(k => batch.KeyDeleteAsync([k.Fails, k.Looks])).ToArray();
            batch.Execute();
            await Task.WhenAll(deletes);
            return await Task.WhenAll(reads);
        }, ct);
        var nowMs = now.ToUnixTimeMilliseconds();
        return locks.Any(l => !l.IsNull && long.TryParse(l.ToString(), CultureInfo.InvariantCulture, out var until) && until > nowMs);
    }

    /// <summary>
    /// Lifts the pooled lockout of the unverified callers of one dialed number, with the pool's budgets.
    /// True when a lock was in force.
    /// </summary>
    public async Task<bool> LiftPoolAsync(string dialedNumber, DateTimeOffset now, CancellationToken ct = default)
    {
        var pool = CallerIdentity.Of("anonymous", verstat: null, dialedNumber, shards);
        var state = (Lock: Lock(pool.Shard, pool.PoolKey), Fails: Failures(pool.Shard, pool.PoolKey), Looks: Lookups(pool.Shard, pool.PoolKey));
        var lockValue = await redis.WriteAsync(state, static async (db, k) =>
        {
            var batch = db.CreateBatch();
            var read = batch.StringGetDeleteAsync(k.Lock);
            var delete = batch.KeyDeleteAsync([k.Fails, k.Looks]);
            batch.Execute();
            await delete;
            return await read;
        }, ct);
        return !lockValue.IsNull && long.TryParse(lockValue.ToString(), CultureInfo.InvariantCulture, out var until) && until > now.ToUnixTimeMilliseconds();
    }

    /// <summary>Which shard holds this call's state: the route chosen at <c>/voice/incoming</c> is not on the number's status callback.</summary>
    private async Task<int> LocateAsync(string callSid, string from, string? to, CancellationToken ct)
    {
        var candidates = CallerIdentity.CandidateShards(from, to, shards);
        if (candidates.Length == 1)
        {
            return candidates[0];
        }
        // The call's state, or once it has expired its record's index entry, says which shard it lives in.
        var traces = candidates.Select(n => (State: Call(n, callSid), Record: CallIndex(n, callSid))).ToArray();
        var exists = await redis.ReadAsync(traces, static async (db, ks) =>
        {
            var batch = db.CreateBatch();
            var probes = ks.Select(k => batch.KeyExistsAsync([k.State, k.Record])).ToArray();
            batch.Execute();
            return (await Task.WhenAll(probes)).Select(count => count > 0).ToArray();
        }, ct);
        var found = Array.IndexOf(exists, true);
        return candidates[found < 0 ? 0 : found];
    }

    /// <summary>Turns the call's state into its call-log record. Repeated callbacks add nothing.</summary>
    public async Task FinishAsync(VoiceRequest call, string status, int durationSeconds, DateTimeOffset now, CancellationToken ct = default)
    {
        var sid = call.CallSid!;
        var shard = call.HasRoute ? call.Caller.Shard : await LocateAsync(sid, call.From, call.To, ct);
        await CloseAsync(shard, sid, call.From, call.To ?? "", status, durationSeconds, now, sweep: null, ct);
    }

    /// <summary>The status a record closed by the gateway or the sweeper carries: Twilio's own word for a call that ended.</summary>
    public const string CompletedStatus = "completed";

    /// <summary>
    /// Closes the call's record when the gateway itself ended the call (its answer hangs up before any bridge).
    /// Twilio's status callback that follows finds the record and adds nothing. The duration is counted from the call's start.
    /// </summary>
    public async Task<bool> EndedByGatewayAsync(VoiceRequest call, DateTimeOffset now, CancellationToken ct = default)
    {
        var sid = call.CallSid!;
        var shard = call.HasRoute ? call.Caller.Shard : await LocateAsync(sid, call.From, call.To, ct);
        return await CloseAsync(shard, sid, call.From, call.To ?? "", CompletedStatus, durationSeconds: -1, now, sweep: null, ct);
    }

    /// <summary>
    /// Closes, as <see cref="Outcomes.Lost"/>, the calls of every shard whose last step is older than <paramref name="idle"/>
    /// (<paramref name="bridgedIdle"/> once in a conference). Any number of nodes may sweep at once: the check and the close
    /// are one script per call, so a call is closed once. Returns how many calls this sweep closed.
    /// </summary>
    public async Task<int> SweepAsync(DateTimeOffset now, TimeSpan idle, TimeSpan bridgedIdle, int batch = 200, CancellationToken ct = default)
    {
        var limits = new SweepLimits((now - idle).ToUnixTimeMilliseconds(), (now - bridgedIdle).ToUnixTimeMilliseconds(), BridgedStep);
        var closed = 0;
        foreach (var shard in shards.All)
        {
            var candidates = await redis.ReadAsync((Key: Active(shard), Before: (double)limits.IdleBefore, Batch: batch), static (db, s) =>
                db.SortedSetRangeByScoreAsync(s.Key, double.NegativeInfinity, s.Before, take: s.Batch), ct);
            foreach (var sid in candidates)
            {
                if (await CloseAsync(shard, sid.ToString(), "", "", CompletedStatus, durationSeconds: -1, now, limits, ct))
                {
                    closed++;
                }
            }
        }
        return closed;
    }

    private async Task<bool> CloseAsync(int shard, string sid, string from, string to, string status, int durationSeconds, DateTimeOffset now,
        SweepLimits? sweep, CancellationToken ct)
    {
        var result = await FinishScript.WriteAsync(redis, [Call(shard, sid), Active(shard), CallLog(shard), CallIndex(shard, sid)],
            new FinishArgs(sid, from, to, status, durationSeconds, now.ToString("O", CultureInfo.InvariantCulture), OldestKept(now),
                (long)TimeSpan.FromHours(1).TotalMilliseconds, RetentionMs, now.ToUnixTimeMilliseconds(), [EndedStep, BridgedStep],
                FinishOutcomeNames, PrivateFields, TriesPrefix, Indexes(shard, now), sweep,
                from.StartsWith(WebClientPrefix, StringComparison.Ordinal) ? WebChannel : null), ct);
        if (result.Closed && result.Outcome is { } outcome)
        {
            metrics.CallEnded(outcome);
        }
        return result.Closed;
    }

    /// <summary>
    /// Records a step that happened while Redis was unreachable, once it answers again, into the call's one record
    /// (its state while in progress, its record once ended, whichever node closed it).
    /// </summary>
    public async Task<JournalOutcome> JournalAsync(string callSid, string from, string to, CallEvent step, DateTimeOffset now, CancellationToken ct = default)
    {
        var shard = await LocateAsync(callSid, from, to, ct);
        var result = await JournalScript.WriteAsync(redis, [Call(shard, callSid), CallLog(shard), CallIndex(shard, callSid)],
            new JournalArgs(callSid, from, to, JsonSerializer.Serialize(step, CallerShardJson.Default.CallEvent), step.Outcome, OldestKept(now), RetentionMs, now.ToUnixTimeMilliseconds(), StatusUnknown, Indexes(shard, now),
                JournalOutcomeNames), ct);
        return result.Result;
    }

    private long RetentionMs => (long)retention.Value.Retention.TotalMilliseconds;

    private string OldestKept(DateTimeOffset now) =>
        (now - retention.Value.Retention).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "-0";

    private async Task<StepReply> RunAsync(bool start, VoiceRequest call, StepRecord record, StoredFacts? facts, StepAnswers? answers, DateTimeOffset now,
        CancellationToken ct)
    {
        var o = bruteForce.Value;
        var caller = call.Caller;
        var shard = caller.Shard;
        var sid = call.CallSid!;
        var pooled = !caller.Verified;
        var args = new StepArgs(start, sid, now.ToUnixTimeMilliseconds(), call.IdempotencyToken ?? "", start ? "" : record.Step, start ? 0 : call.Attempt,
            record.Asks, record.CountsAsFailure, record.SpendsLookup, record.TriesAllowed, record.NextStep ?? "",
            o.CallerFailures, (long)TimeSpan.FromMinutes(o.CallerWindowMinutes).TotalMilliseconds,
            (long)TimeSpan.FromMinutes(o.CallerLockoutMinutes).TotalMilliseconds, o.CallerLookups,
            (long)TimeSpan.FromHours(voice.Value.CallStateHours).TotalMilliseconds,
            pooled, o.PooledFailures, o.PooledLookups, (long)TimeSpan.FromMinutes(o.PooledLockoutMinutes).TotalMilliseconds,
            record.Event, facts, answers, Verdicts, StepOutcomeNames, EndedStep, TriesPrefix, ReplyPrefix);
        RedisKey[] used = pooled
            ?
            [
                Call(shard, sid), Failures(shard, caller.BudgetKey), Lookups(shard, caller.BudgetKey), Lock(shard, caller.BudgetKey), Active(shard),
                Failures(shard, caller.PoolKey), Lookups(shard, caller.PoolKey), Lock(shard, caller.PoolKey),
            ]
            : [Call(shard, sid), Failures(shard, caller.BudgetKey), Lookups(shard, caller.BudgetKey), Lock(shard, caller.BudgetKey), Active(shard)];
        var result = await StepScript.WriteAsync(redis, used, args, ct);
        if (result.Replayed)
        {
            return new StepReply(result.Verdict, result.Answer, Replayed: true);
        }
        metrics.Step(record.Step, result.Verdict == Verdict.Locked ? Outcomes.LockedOut : record.Event.Outcome);
        if (result.NewlyLocked)
        {
            securityEvents.Record(SecurityEventKind.CallerLockedOut, now, call.CallSid, call.From, meetingId: null,
                $"{o.CallerFailures} failed entries or {o.CallerLookups} lookups within {o.CallerWindowMinutes} minutes"
                + (caller.Verified ? " (attested number)" : " (unattested or withheld number)"));
        }
        if (result.PoolLocked)
        {
            securityEvents.Record(SecurityEventKind.UnverifiedCallersLockedOut, now, call.CallSid, call.From, meetingId: null,
                $"{o.PooledFailures} failed entries or {o.PooledLookups} lookups within {o.CallerWindowMinutes} minutes from unattested or withheld "
                + $"numbers calling {caller.DialedNumber}; they are refused for {o.PooledLockoutMinutes} minutes (attested callers are not)");
        }
        return new StepReply(result.Verdict, result.Answer, NewlyLocked: result.NewlyLocked);
    }

    private static StoredFacts? Store(CallFacts? f) => f is null ? null
        : new StoredFacts(SlotId: f.SlotId, OrganizerId: f.OrganizerId, MeetingId: f.MeetingId, CodeKind: f.CodeKind, Role: f.Role,
            Label: f.Label, Conference: f.Conference, ContactId: f.ContactId, PasscodeKind: f.PasscodeKind);
}
