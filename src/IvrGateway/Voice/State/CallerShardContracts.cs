using System.Text.Json;
using System.Text.Json.Serialization;

namespace IvrGateway.Voice.State;

// The typed contracts of the caller shard's Lua scripts. Property names are the JSON (camelCase)
// the scripts read; the facts' names are the call-state hash fields they write.

/// <summary>Call-state fields a step sets; absent ones are left as they are.</summary>
internal sealed record StoredFacts(
    [property: JsonPropertyName("sid"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CallSid = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? From = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? To = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Locale = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Started = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SlotId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OrganizerId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MeetingId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CodeKind = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Label = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Conference = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ContactId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PasscodeKind = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Channel = null);

/// <summary>The verdict names call_step.lua answers with: <see cref="Verdict"/>'s, named for Lua (<c>end</c> is a keyword there).</summary>
internal sealed record StepVerdicts(
    Verdict Proceed, Verdict Retry, Verdict Finish, Verdict TooManyTries, Verdict Locked, Verdict UnknownCall, Verdict OutOfOrder);

internal sealed record StepOutcomes(string LockedOut, string OutOfOrder, string TooManyTries);

internal sealed record StepArgs(
    bool Start,
    string CallSid,
    long Now,
    string Token,
    string ExpectedStep,
    int Attempt,
    Verdict Asks,
    bool CountsAsFailure,
    bool SpendsLookup,
    int TriesAllowed,
    string NextStep,
    int FailureLimit,
    long WindowMs,
    long LockoutMs,
    int LookupLimit,
    long StateTtlMs,
    bool Pooled,
    int PoolFailureLimit,
    int PoolLookupLimit,
    long PoolLockoutMs,
    CallEvent Event,
    StoredFacts? Facts,
    StepAnswers? Answers,
    StepVerdicts Verdicts,
    StepOutcomes Outcomes,
    string Ended,
    string TriesPrefix,
    string ReplyPrefix);

internal sealed record StepResult(Verdict Verdict, int TriesUsed, bool NewlyLocked, bool PoolLocked, string? Answer, bool Replayed);

internal sealed record BeginVerdicts(Verdict Proceed, Verdict Locked, Verdict UnknownCall, Verdict OutOfOrder);

internal sealed record BeginArgs(long Now, string ExpectedStep, int Attempt, bool Pooled, string TriesPrefix, string ReplyPrefix, BeginVerdicts Verdicts);

internal sealed record BeginResult(Verdict Verdict, string? Answer, bool Replayed);

internal sealed record FinishOutcomes(string HungUp, string StoreUnavailable, string Lost);

/// <summary>The sweeper's conditions: the call is still active and its last step is older than the limit for its kind.</summary>
internal sealed record SweepLimits(long IdleBefore, long BridgedIdleBefore, string BridgedStep);

internal sealed record FinishArgs(
    string CallSid,
    string From,
    string To,
    string Status,
    int DurationSeconds,
    string EndedText,
    string OldestKeptId,
    long DoneTtlMs,
    long RetentionMs,
    long Now,
    string[] SettledSteps,
    FinishOutcomes Outcomes,
    string[] Private,
    string PrivatePrefix,
    CallIndexes Indexes,
    SweepLimits? Sweep = null,
    string? Channel = null);

/// <summary>The key prefixes of a shard's call-log indexes (the caller's number or the meeting id completes each key) and the oldest entry they keep.</summary>
internal sealed record CallIndexes(string Caller, string Meeting, string OldestMember);

internal sealed record FinishResult(bool Closed, string? Outcome);

internal sealed record JournalArgs(
    string CallSid, string From, string To, string Event, string Outcome, string OldestKeptId, long RetentionMs, long Now, string UnknownStatus, CallIndexes Indexes,
    JournalOutcomes Results);

internal sealed record JournalOutcomes(JournalOutcome Appended, JournalOutcome Merged, JournalOutcome Written, JournalOutcome Dropped);

internal sealed record JournalResult(JournalOutcome Result);

/// <summary>A browser's call as <c>/voice/client</c> answered it: its facts, its one step (a JSON array's text) and where the call is after it.</summary>
internal sealed record WebJoinArgs(string CallSid, long Now, long StateTtlMs, string Step, string Outcome, string Steps, StoredFacts Facts);

/// <summary><c>Step</c>: where an existing call's state is (a retry's), null when there is none.</summary>
internal sealed record WebJoinResult(bool Recorded, string? Step = null);

// Nulls are left out: Lua would see cjson.null, which is truthy.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StepArgs))]
[JsonSerializable(typeof(StepResult))]
[JsonSerializable(typeof(BeginArgs))]
[JsonSerializable(typeof(BeginResult))]
[JsonSerializable(typeof(FinishArgs))]
[JsonSerializable(typeof(FinishResult))]
[JsonSerializable(typeof(JournalArgs))]
[JsonSerializable(typeof(JournalResult))]
[JsonSerializable(typeof(CallEvent))]
[JsonSerializable(typeof(CallEvent[]))]
[JsonSerializable(typeof(WebJoinArgs))]
[JsonSerializable(typeof(WebJoinResult))]
internal sealed partial class CallerShardJson : JsonSerializerContext;
