using System.Globalization;
using System.Text.Json;
using IvrGateway.Voice.State;
using IvrGateway.Voice.Twilio;
using Microsoft.AspNetCore.Http;

namespace IvrGateway.IntegrationTests.Voice.State;

/// <summary>
/// The caller shard's scripts on a real Redis, called on the store directly: every branch of
/// call_step, call_finish and call_journal. Every test calls from numbers of its own.
/// </summary>
public sealed class CallerShardStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 14, 0, 0, TimeSpan.Zero);

    private IvrApplication app = null!;
    private CallerShardStore store = null!;
    private int numbers;

    [OneTimeSetUp]
    public void StartApp()
    {
        app = new IvrApplication(new()
        {
            ["Voice:BruteForce:CallerFailures"] = "3",
            ["Voice:BruteForce:CallerLookups"] = "4",
            ["Voice:BruteForce:CallerWindowMinutes"] = "60",
            ["Voice:BruteForce:CallerLockoutMinutes"] = "60",
        });
        store = app.Service<CallerShardStore>();
    }

    [OneTimeTearDown]
    public void StopApp() => app.Dispose();

    private VoiceRequest NewCall(string? token = null, string? from = null, bool attested = false)
    {
        var n = Interlocked.Increment(ref numbers);
        var form = attested
            ? new FormCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues> { ["StirVerstat"] = CallerIdentity.FullAttestation })
            : new FormCollection(null);
        return new VoiceRequest("CA" + Guid.NewGuid().ToString("N"), from ?? "+1202555" + n.ToString("D4", CultureInfo.InvariantCulture), "+15557650000",
            null, token, form);
    }

    private static StepRecord Step(string step, Verdict asks, string outcome, int tries = 1, bool failure = false, bool lookup = false,
        string? next = null, CallFacts? facts = null) =>
        new(step, asks, new CallEvent(Now, step, outcome), tries, failure, lookup, next, facts);

    private async Task<VoiceRequest> StartedAsync(string? from = null, bool attested = false)
    {
        var call = NewCall(from: from, attested: attested);
        Assert.That(await store.StartAsync(call, "en-US", "accessCode", Now), Is.EqualTo(Verdict.Proceed));
        return call;
    }

    private static List<string> Outcomes(CallEntry entry) =>
        JsonDocument.Parse(entry.StepsJson).RootElement.EnumerateArray().Select(e => e.GetProperty("outcome").GetString()!).ToList();

    // These callers are unattested (no StirVerstat): they live in the dialed number's shard.
    private string CallLogKey(VoiceRequest call) => $"{app.KeyPrefix}:{{s:{call.Caller.Shard}}}:calls";

    [Test]
    public async Task A_started_call_is_in_progress_with_what_twilio_said_about_it()
    {
        var call = await StartedAsync();

        var entry = await store.FindAsync(call.CallSid!);

        Assert.That(entry, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(entry!.CallSid, Is.EqualTo(call.CallSid));
            Assert.That(entry.From, Is.EqualTo(call.From));
            Assert.That(entry.To, Is.EqualTo("+15557650000"));
            Assert.That(entry.Locale, Is.EqualTo("en-US"));
            Assert.That(entry.StartedAt, Is.EqualTo(Now));
            Assert.That(entry.Status, Is.Null, "in progress");
            Assert.That(entry.Outcome, Is.EqualTo(IvrGateway.Voice.Outcomes.Incoming));
            Assert.That(Outcomes(entry), Is.EqualTo(new[] { IvrGateway.Voice.Outcomes.Incoming }));
        });
    }

    [Test]
    public async Task A_retried_first_request_is_answered_as_before_with_or_without_a_token()
    {
        var call = NewCall(token: "start-token");
        var first = await store.StartAsync(call, "en-US", "accessCode", Now);
        var replay = await store.StartAsync(call, "en-US", "accessCode", Now.AddSeconds(1));
        var withoutToken = await store.StartAsync(call with { IdempotencyToken = null }, "en-US", "accessCode", Now.AddSeconds(2));

        Assert.That(new[] { first, replay, withoutToken }, Is.All.EqualTo(Verdict.Proceed));
        Assert.That(Outcomes((await store.FindAsync(call.CallSid!))!), Has.Count.EqualTo(1), "one incoming step only");
    }

    [Test]
    public async Task A_step_of_an_unknown_call_is_refused()
    {
        var verdict = await store.StepAsync(NewCall(), Step("accessCode", Verdict.Proceed, IvrGateway.Voice.Outcomes.Ok), Now);

        Assert.That(verdict, Is.EqualTo(Verdict.UnknownCall));
    }

    [Test]
    public async Task A_step_out_of_order_is_refused_and_logged_as_out_of_order()
    {
        var call = await StartedAsync();

        var verdict = await store.StepAsync(call, Step("passcode", Verdict.Proceed, IvrGateway.Voice.Outcomes.Bridged), Now);

        Assert.That(verdict, Is.EqualTo(Verdict.OutOfOrder));
        var entry = (await store.FindAsync(call.CallSid!))!;
        Assert.That(entry.Outcome, Is.EqualTo(IvrGateway.Voice.Outcomes.OutOfOrder));
        Assert.That(Outcomes(entry)[^1], Is.EqualTo(IvrGateway.Voice.Outcomes.OutOfOrder), "the event's outcome is replaced");
    }

    [Test]
    public async Task Retries_count_per_step_a_replayed_request_counts_once_and_the_last_try_ends_the_call()
    {
        var call = await StartedAsync();
        var retry = Step("accessCode", Verdict.Retry, IvrGateway.Voice.Outcomes.NoInput, tries: 3);

        var one = await store.StepAsync(call with { IdempotencyToken = "t1" }, retry, Now);
        var replay = await store.StepAsync(call with { IdempotencyToken = "t1" }, retry, Now);
        var two = await store.StepAsync(call with { IdempotencyToken = "t2" }, retry, Now);
        var three = await store.StepAsync(call with { IdempotencyToken = "t3" }, retry, Now);
        var after = await store.StepAsync(call with { IdempotencyToken = "t4" }, retry, Now);

        Assert.That(new[] { one, replay, two, three, after },
            Is.EqualTo(new[] { Verdict.Retry, Verdict.Retry, Verdict.Retry, Verdict.TooManyTries, Verdict.OutOfOrder }));
        var entry = (await store.FindAsync(call.CallSid!))!;
        Assert.That(Outcomes(entry).Count(o => o == IvrGateway.Voice.Outcomes.NoInput), Is.EqualTo(3), "the replay added no step");
        Assert.That(entry.Outcome, Is.EqualTo(IvrGateway.Voice.Outcomes.OutOfOrder));
    }

    [Test]
    public async Task The_last_try_records_too_many_tries()
    {
        var call = await StartedAsync();

        var verdict = await store.StepAsync(call, Step("accessCode", Verdict.Retry, IvrGateway.Voice.Outcomes.BadFormat, tries: 1), Now);

        Assert.That(verdict, Is.EqualTo(Verdict.TooManyTries));
        Assert.That((await store.FindAsync(call.CallSid!))!.Outcome, Is.EqualTo(IvrGateway.Voice.Outcomes.TooManyTries));
    }

    [Test]
    public async Task A_step_that_ends_the_call_proceeds_and_nothing_may_follow_it()
    {
        var call = await StartedAsync();

        var end = await store.StepAsync(call, Step("accessCode", Verdict.End, IvrGateway.Voice.Outcomes.Expired), Now);
        var next = await store.StepAsync(call, Step("accessCode", Verdict.Proceed, IvrGateway.Voice.Outcomes.Ok), Now);

        Assert.That(end, Is.EqualTo(Verdict.Proceed));
        Assert.That(next, Is.EqualTo(Verdict.OutOfOrder));
    }

    [Test]
    public async Task A_proceeding_step_moves_the_call_on_and_records_its_facts()
    {
        var call = await StartedAsync();
        var facts = new CallFacts(SlotId: "slot1", OrganizerId: "org_a", MeetingId: "mtg_1", Role: "participant", Label: "Bob", Conference: "meeting-mtg_1",
            PasscodeKind: "unique");

        var code = await store.StepAsync(call, Step("accessCode", Verdict.Proceed, IvrGateway.Voice.Outcomes.Ok, next: "passcode"), Now);
        var passcode = await store.StepAsync(call, Step("passcode", Verdict.Proceed, IvrGateway.Voice.Outcomes.Bridged, next: CallerShardStore.BridgedStep,
            facts: facts), Now);

        Assert.That(new[] { code, passcode }, Is.All.EqualTo(Verdict.Proceed));
        var entry = (await store.FindAsync(call.CallSid!))!;
        Assert.Multiple(() =>
        {
            Assert.That(entry.SlotId, Is.EqualTo("slot1"));
            Assert.That(entry.MeetingId, Is.EqualTo("mtg_1"));
            Assert.That(entry.Role, Is.EqualTo("participant"));
            Assert.That(entry.Label, Is.EqualTo("Bob"));
            Assert.That(entry.Conference, Is.EqualTo("meeting-mtg_1"));
            Assert.That(entry.PasscodeKind, Is.EqualTo("unique"));
            Assert.That(entry.Outcome, Is.EqualTo(IvrGateway.Voice.Outcomes.Bridged));
        });
    }

    [Test]
    public async Task Failed_entries_lock_the_number_out_for_its_other_calls_until_the_lock_ends()
    {
        var first = await StartedAsync();
        var wrong = Step("accessCode", Verdict.Retry, IvrGateway.Voice.Outcomes.UnknownCode, tries: 10, failure: true);

        var one = await store.StepAsync(first with { IdempotencyToken = "f1" }, wrong, Now);
        var two = await store.StepAsync(first with { IdempotencyToken = "f2" }, wrong, Now);
        var three = await store.StepAsync(first with { IdempotencyToken = "f3" }, wrong, Now);
        var another = NewCall(from: first.From);
        var whileLocked = await store.StartAsync(another, "en-US", "accessCode", Now.AddMinutes(59));
        var afterwards = await store.StartAsync(NewCall(from: first.From), "en-US", "accessCode", Now.AddMinutes(60).AddMilliseconds(1));

        Assert.That(new[] { one, two, three }, Is.EqualTo(new[] { Verdict.Retry, Verdict.Retry, Verdict.Locked }));
        Assert.That(whileLocked, Is.EqualTo(Verdict.Locked));
        Assert.That(afterwards, Is.EqualTo(Verdict.Proceed));
        Assert.That((await store.FindAsync(first.CallSid!))!.Outcome, Is.EqualTo(IvrGateway.Voice.Outcomes.LockedOut));
        Assert.That(Outcomes((await store.FindAsync(another.CallSid!))!)[^1], Is.EqualTo(IvrGateway.Voice.Outcomes.LockedOut));
    }

    [Test]
    public async Task Lookups_beyond_the_budget_lock_the_number_out()
    {
        var call = await StartedAsync();
        var lookup = Step("accessCode", Verdict.Retry, IvrGateway.Voice.Outcomes.UnknownCode, tries: 10, lookup: true);

        var verdicts = new List<Verdict>();
        for (var i = 1; i <= 5; i++)
        {
            verdicts.Add(await store.StepAsync(call with { IdempotencyToken = "l" + i }, lookup, Now));
        }

        Assert.That(verdicts, Is.EqualTo(new[] { Verdict.Retry, Verdict.Retry, Verdict.Retry, Verdict.Retry, Verdict.Locked }), "four lookups are allowed");
    }

    [Test]
    public async Task Failures_older_than_the_window_do_not_count()
    {
        var call = await StartedAsync();
        var wrong = Step("accessCode", Verdict.Retry, IvrGateway.Voice.Outcomes.UnknownCode, tries: 10, failure: true);

        await store.StepAsync(call with { IdempotencyToken = "o1" }, wrong, Now.AddMinutes(-61));
        await store.StepAsync(call with { IdempotencyToken = "o2" }, wrong, Now.AddMinutes(-61));
        var now = await store.StepAsync(call with { IdempotencyToken = "o3" }, wrong, Now);

        Assert.That(now, Is.EqualTo(Verdict.Retry));
    }

    [Test]
    public async Task Finishing_a_call_mid_flow_records_a_hang_up_once_and_it_leaves_the_calls_in_progress()
    {
        var call = await StartedAsync();
        Assert.That((await store.InProgressAsync(100)).Select(c => c.CallSid), Does.Contain(call.CallSid));

        await store.FinishAsync(call, "completed", 42, Now.AddMinutes(1));
        await store.FinishAsync(call, "completed", 42, Now.AddMinutes(2));

        var entry = (await store.FindAsync(call.CallSid!))!;
        Assert.Multiple(() =>
        {
            Assert.That(entry.Status, Is.EqualTo("completed"));
            Assert.That(entry.DurationSeconds, Is.EqualTo(42));
            Assert.That(entry.EndedAt, Is.EqualTo(Now.AddMinutes(1)));
            Assert.That(entry.Outcome, Is.EqualTo(IvrGateway.Voice.Outcomes.HungUp), "the flow still waited for the caller");
        });
        var log = await TestRedis.Database.StreamRangeAsync(CallLogKey(call));
        Assert.That(log.Count(e => e["sid"] == call.CallSid), Is.EqualTo(1), "the second callback added nothing");
        Assert.That(log.Single(e => e["sid"] == call.CallSid).Values.Select(v => v.Name.ToString()),
            Has.None.EqualTo("token").And.None.EqualTo("verdict").And.None.StartsWith("tries:"), "bookkeeping stays out of the record");
        Assert.That((await store.InProgressAsync(100)).Select(c => c.CallSid), Does.Not.Contain(call.CallSid));
    }

    [Test]
    public async Task A_bridged_call_keeps_its_outcome_when_it_ends()
    {
        var call = await StartedAsync();
        await store.StepAsync(call, Step("accessCode", Verdict.Proceed, IvrGateway.Voice.Outcomes.Bridged, next: CallerShardStore.BridgedStep), Now);

        await store.FinishAsync(call, "completed", 600, Now.AddMinutes(10));

        Assert.That((await store.FindAsync(call.CallSid!))!.Outcome, Is.EqualTo(IvrGateway.Voice.Outcomes.Bridged));
    }

    [Test]
    public async Task A_call_that_never_reached_the_flow_still_gets_a_record()
    {
        var call = NewCall();

        await store.FinishAsync(call, "busy", 0, Now);

        var entry = (await store.FindAsync(call.CallSid!))!;
        Assert.That(entry.From, Is.EqualTo(call.From));
        Assert.That(entry.To, Is.EqualTo(call.To));
        Assert.That(entry.Status, Is.EqualTo("busy"));
        Assert.That(entry.StepsJson, Is.EqualTo("[]"));
    }

    [Test]
    public async Task A_journalled_step_joins_an_open_call_and_after_the_end_is_merged_into_the_same_one_record()
    {
        var call = await StartedAsync();
        var outage = new CallEvent(Now.AddSeconds(5), "accessCode", IvrGateway.Voice.Outcomes.StoreUnavailable);

        var first = await store.JournalAsync(call.CallSid!, call.From, call.To!, outage, Now.AddSeconds(10));
        var open = (await store.FindAsync(call.CallSid!))!;
        await store.FinishAsync(call, "completed", 20, Now.AddSeconds(20));
        var closed = (await store.FindAsync(call.CallSid!))!;
        var late = new CallEvent(Now.AddSeconds(15), "passcode", IvrGateway.Voice.Outcomes.StoreUnavailable);
        var second = await store.JournalAsync(call.CallSid!, call.From, call.To!, late, Now.AddSeconds(30));

        Assert.That(Outcomes(open), Is.EqualTo(new[] { IvrGateway.Voice.Outcomes.Incoming, IvrGateway.Voice.Outcomes.StoreUnavailable }));
        Assert.That(open.Outcome, Is.EqualTo(IvrGateway.Voice.Outcomes.StoreUnavailable));
        Assert.That(closed.Outcome, Is.EqualTo(IvrGateway.Voice.Outcomes.StoreUnavailable), "an outage is not a hang-up");
        var records = (await TestRedis.Database.StreamRangeAsync(CallLogKey(call))).Where(e => e["sid"] == call.CallSid).ToList();
        Assert.Multiple(() =>
        {
            Assert.That((first, second), Is.EqualTo((JournalOutcome.Appended, JournalOutcome.Merged)));
            Assert.That(records, Has.Count.EqualTo(1), "one record per CallSid");
            Assert.That(records[0]["status"].ToString(), Is.EqualTo("completed"), "the status callback's status stays");
            Assert.That(records[0]["duration"].ToString(), Is.EqualTo("20"));
            Assert.That(records[0]["steps"].ToString(), Does.Contain("\"step\":\"passcode\""));
        });
        Assert.That((await store.FindAsync(call.CallSid!))!.StepsJson, Does.Contain("\"step\":\"passcode\""), "the index entry follows the merged record");
    }

    [Test]
    public async Task A_step_journalled_on_one_node_for_a_call_another_node_closed_is_merged_not_written_as_a_second_record()
    {
        using var other = new IvrApplication(keyPrefix: app.KeyPrefix);
        var call = await StartedAsync();
        await other.Service<CallerShardStore>().EndedByGatewayAsync(call, Now.AddSeconds(8));

        var result = await store.JournalAsync(call.CallSid!, call.From, call.To!,
            new CallEvent(Now.AddSeconds(5), "accessCode", IvrGateway.Voice.Outcomes.StoreUnavailable), Now.AddSeconds(12));

        var records = (await TestRedis.Database.StreamRangeAsync(CallLogKey(call))).Where(e => e["sid"] == call.CallSid).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(JournalOutcome.Merged));
            Assert.That(records, Has.Count.EqualTo(1));
            Assert.That(records[0]["steps"].ToString(), Does.Contain(IvrGateway.Voice.Outcomes.StoreUnavailable));
        });
    }

    [Test]
    public async Task A_journalled_step_replayed_twice_is_in_the_record_once()
    {
        var call = await StartedAsync();
        var step = new CallEvent(Now.AddSeconds(5), "accessCode", IvrGateway.Voice.Outcomes.StoreUnavailable);
        await store.JournalAsync(call.CallSid!, call.From, call.To!, step, Now.AddSeconds(6));
        await store.JournalAsync(call.CallSid!, call.From, call.To!, step, Now.AddSeconds(7));
        await store.FinishAsync(call, "completed", 9, Now.AddSeconds(9));
        await store.JournalAsync(call.CallSid!, call.From, call.To!, step, Now.AddSeconds(10));

        Assert.That(Outcomes((await store.FindAsync(call.CallSid!))!).Count(o => o == IvrGateway.Voice.Outcomes.StoreUnavailable), Is.EqualTo(1));
    }

    [Test]
    public async Task A_step_journalled_for_a_call_that_left_no_trace_becomes_its_record_once()
    {
        var call = NewCall();
        var step = new CallEvent(Now, "incoming", IvrGateway.Voice.Outcomes.StoreUnavailable);

        var first = await store.JournalAsync(call.CallSid!, call.From, call.To!, step, Now.AddSeconds(1));
        var second = await store.JournalAsync(call.CallSid!, call.From, call.To!, step with { Step = "accessCode" }, Now.AddSeconds(2));
        await store.FinishAsync(call, "completed", 3, Now.AddSeconds(3));

        var records = TestRedis.Keys($"{app.KeyPrefix}:*:calls").SelectMany(k => TestRedis.Database.StreamRange(k)).Where(e => e["sid"] == call.CallSid).ToList();
        Assert.Multiple(() =>
        {
            Assert.That((first, second), Is.EqualTo((JournalOutcome.Written, JournalOutcome.Merged)));
            Assert.That(records, Has.Count.EqualTo(1), "the late status callback adds nothing either");
        });
    }

    [Test]
    public async Task A_call_log_ahead_of_this_nodes_clock_still_takes_the_record()
    {
        // Attested: the call lives in its own number's shard, not the one the other tests' unattested callers share.
        var call = await StartedAsync(from: "+12025559871", attested: true);
        var ahead = Now.AddSeconds(30).ToUnixTimeMilliseconds() + "-0";
        await TestRedis.Database.StreamAddAsync(CallLogKey(call), "sid", "CAfromanothernode", ahead);

        await store.FinishAsync(call, "completed", 5, Now);

        var record = (await TestRedis.Database.StreamRangeAsync(CallLogKey(call))).Single(e => e["sid"] == call.CallSid);
        var milliseconds = long.Parse(record.Id.ToString().Split('-')[0], CultureInfo.InvariantCulture);
        Assert.That(milliseconds, Is.GreaterThanOrEqualTo(Now.AddSeconds(30).ToUnixTimeMilliseconds()), "Redis's own id, after the entry ahead");
        Assert.That((await store.FindAsync(call.CallSid!))!.Status, Is.EqualTo("completed"));
    }

    [Test]
    public async Task The_calls_in_progress_are_counted_across_shards()
    {
        var before = await store.CountInProgressAsync();
        var one = await StartedAsync();
        await StartedAsync();

        Assert.That(await store.CountInProgressAsync(), Is.EqualTo(before + 2));
        await store.FinishAsync(one, "completed", 1, Now);
        Assert.That(await store.CountInProgressAsync(), Is.EqualTo(before + 1));
    }

    private static StepAnswers AnswersFor(string label) => new("proceed-" + label, "retry-" + label, "tooMany-" + label, "locked-" + label, "other-" + label);

    [Test]
    public async Task An_attempt_is_answered_once_and_its_replay_hears_the_stored_answer_and_changes_nothing()
    {
        var call = await StartedAsync();
        var attempt1 = call with { Attempt = 1 };
        var retry = Step("accessCode", Verdict.Retry, IvrGateway.Voice.Outcomes.UnknownCode, tries: 3, failure: true);

        var first = await store.RecordAsync(attempt1, retry, AnswersFor("first"), Now);
        var replay = await store.RecordAsync(attempt1 with { IdempotencyToken = "another" }, retry, AnswersFor("replay"), Now);
        var begin = await store.BeginAsync(attempt1, "accessCode", Now);
        var second = await store.BeginAsync(call with { Attempt = 2 }, "accessCode", Now);
        var skipped = await store.BeginAsync(call with { Attempt = 3 }, "accessCode", Now);

        Assert.Multiple(() =>
        {
            Assert.That(first.Verdict, Is.EqualTo(Verdict.Retry));
            Assert.That(first.StoredAnswer, Is.EqualTo("retry-first"));
            Assert.That(replay.Replayed, Is.True);
            Assert.That(replay.StoredAnswer, Is.EqualTo("retry-first"), "the first answer, not the replay's");
            Assert.That(begin.Replayed, Is.True);
            Assert.That(begin.StoredAnswer, Is.EqualTo("retry-first"));
            Assert.That(second.Verdict, Is.EqualTo(Verdict.Proceed), "attempt two is the fresh one");
            Assert.That(skipped.Verdict, Is.EqualTo(Verdict.OutOfOrder), "an attempt never offered");
        });
        var entry = (await store.FindAsync(call.CallSid!))!;
        Assert.That(Outcomes(entry).Count(o => o == IvrGateway.Voice.Outcomes.UnknownCode), Is.EqualTo(1));
        var failures = $"{app.KeyPrefix}:{{s:{call.Caller.Shard}}}:fail:{call.Caller.BudgetKey}";
        Assert.That(await TestRedis.Database.SortedSetLengthAsync(failures), Is.EqualTo(1));
    }

    [Test]
    public async Task Begin_refuses_an_unknown_call_and_a_locked_out_caller()
    {
        var unknown = await store.BeginAsync(NewCall() with { Attempt = 1 }, "passcode", Now);
        var from = "+12025557001";
        // Started before its number is locked out by other calls: the lock is seen mid-call.
        var call = NewCall(from: from, attested: true);
        await store.StartAsync(call, "en-US", "accessCode", Now.AddMinutes(-1));
        for (var i = 0; i < 3; i++)
        {
            var failing = await StartedAsync(from: from, attested: true);
            await store.StepAsync(failing with { Attempt = 1 }, Step("accessCode", Verdict.Retry, IvrGateway.Voice.Outcomes.UnknownCode, tries: 3,
                failure: true), Now);
        }

        var locked = await store.BeginAsync(call with { Attempt = 1 }, "accessCode", Now);

        Assert.That(unknown.Verdict, Is.EqualTo(Verdict.UnknownCall));
        Assert.That(locked.Verdict, Is.EqualTo(Verdict.Locked));
    }

    [Test]
    public async Task Unverified_callers_of_one_dialed_number_share_a_pool_and_an_attested_caller_does_not_draw_from_it()
    {
        using var pooledApp = new IvrApplication(new() { ["Voice:BruteForce:PooledFailures"] = "2" });
        var pooledStore = pooledApp.Service<CallerShardStore>();
        async Task<Verdict> FailAsync(string from, bool attested)
        {
            var call = NewCall(from: from, attested: attested);
            await pooledStore.StartAsync(call, "en-US", "accessCode", Now);
            return await pooledStore.StepAsync(call with { Attempt = 1 },
                Step("accessCode", Verdict.Retry, IvrGateway.Voice.Outcomes.UnknownCode, tries: 3, failure: true), Now);
        }

        var attested = await FailAsync("+12025557101", attested: true);
        var firstSpoof = await FailAsync("+12025557102", attested: false);
        var secondSpoof = await FailAsync("+12025557103", attested: false);
        var thirdSpoof = NewCall(from: "+12025557104");
        var refused = await pooledStore.StartAsync(thirdSpoof, "en-US", "accessCode", Now);
        var owner = NewCall(from: "+12025557104", attested: true);
        var admitted = await pooledStore.StartAsync(owner, "en-US", "accessCode", Now);

        Assert.That(new[] { attested, firstSpoof }, Is.All.EqualTo(Verdict.Retry));
        Assert.That(secondSpoof, Is.EqualTo(Verdict.Locked), "the second unverified failure spends the pool of two");
        Assert.That(refused, Is.EqualTo(Verdict.Locked), "a never-seen unverified number is refused");
        Assert.That(admitted, Is.EqualTo(Verdict.Proceed), "the attested owner of that number is not");
    }

    [Test]
    public async Task Lifting_a_caller_clears_its_attested_and_unattested_locks()
    {
        const string from = "+12025557201";
        foreach (var attested in new[] { true, false })
        {
            for (var i = 0; i < 3; i++)
            {
                var failing = await StartedAsync(from: from, attested: attested);
                await store.StepAsync(failing with { Attempt = 1 }, Step("accessCode", Verdict.Retry, IvrGateway.Voice.Outcomes.UnknownCode, tries: 3,
                    failure: true), Now);
            }
        }

        var lifted = await store.LiftCallerAsync(from, Now);
        var attestedAfter = await store.StartAsync(NewCall(from: from, attested: true), "en-US", "accessCode", Now);
        var unattestedAfter = await store.StartAsync(NewCall(from: from), "en-US", "accessCode", Now);

        Assert.That(lifted, Is.True);
        Assert.That(attestedAfter, Is.EqualTo(Verdict.Proceed));
        Assert.That(unattestedAfter, Is.EqualTo(Verdict.Proceed));
    }
}

public sealed class CallerShardCountTests
{
    [Test]
    public async Task A_gateway_configured_with_three_caller_shards_keeps_every_caller_in_those_three_and_logs_their_calls()
    {
        using var app = new IvrApplication(new() { ["Redis:CallerShards"] = "3" });
        var callers = Enumerable.Range(0, 12).Select(i => new VoiceCall(app, from: "+120255571" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), verstat: VoiceCall.Attested)).ToList();
        foreach (var call in callers)
        {
            await call.DialAsync();
            await call.HangUpAsync();
        }

        var tags = TestRedis.Keys($"{app.KeyPrefix}:{{s:*").Select(k => k.ToString().Split('{', '}')[1]).Distinct().Order().ToList();
        var logged = await app.Ops().GetStringAsync("/api/v1/calls?limit=50");
        Assert.Multiple(() =>
        {
            Assert.That(tags, Is.SubsetOf(new[] { "s:0", "s:1", "s:2" }));
            Assert.That(tags, Has.Count.GreaterThan(1), "twelve callers spread over more than one shard");
            Assert.That(callers, Has.All.Matches<VoiceCall>(c => logged.Contains(c.CallSid, StringComparison.Ordinal)));
        });
    }
}
