using System.Text.Json;
using System.Text.Json.Serialization;

namespace IvrGateway.Codes;

// The typed contracts of the access slot's Lua scripts and the stored shapes only AccessSlotStore
// knows. Property names are the JSON (camelCase) the scripts read, and the hash fields they write.

/// <summary>The code entry hash: every value a string, as Redis keeps it; absent fields are left out.</summary>
internal sealed record StoredCodeEntry(
    string Kind,
    string OrganizerId,
    string OrganizerName,
    string TimeZone,
    string PasscodeMode,
    string SharedPasscodeHash,
    string WaitForHost,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MeetingId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ActiveFrom = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ActiveUntil = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Start = null);

/// <summary>A unique passcode's value: whose it is.</summary>
internal sealed record StoredHolder(string MeetingId, string ContactId, string Name);

/// <summary>A room meeting's window (unix ms); <c>until</c> is a Lua keyword, hence <c>untilMs</c>.</summary>
internal sealed record StoredWindow(long From, long UntilMs, bool WaitForHost);

/// <summary>The stored values the scripts compare, from their one definition in <see cref="AccessSlotStore"/>.</summary>
internal sealed record SlotWords(string Personal, string OneTime, string Cancelled, string None, string Shared, string Unique);

internal sealed record WriteOutcomes(WriteOutcome Done, WriteOutcome Conflict, WriteOutcome Missing, WriteOutcome NotRoom, WriteOutcome PasscodeTaken);

internal sealed record LookupArgs(long Now, string Personal);

internal sealed record LookupResult(bool Found, StoredCodeEntry? Entry, string? CurrentMeetingId, bool? CurrentWaitForHost);

internal sealed record MeetingWrite(string Json, long ExpireAtMs);

internal sealed record ReserveArgs(
    StoredCodeEntry Entry,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ExpireAtMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MeetingWrite? Meeting,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Dictionary<string, string>? Passcodes);

internal sealed record ReserveResult(bool Reserved);

internal sealed record RoomMeetingArgs(
    string MeetingId,
    long ExpectedVersion,
    string Json,
    long ExpireAtMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] StoredWindow? Window,
    long PruneBeforeMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Dictionary<string, string>? Passcodes,
    string Personal,
    string Cancelled,
    WriteOutcomes Outcomes,
    LiveFields Live);

internal sealed record UpdateOneTimeArgs(long ExpectedVersion, string Json, long ExpireAtMs, StoredCodeEntry Entry, WriteOutcomes Outcomes);

internal sealed record WriteResult(WriteOutcome Outcome);

internal sealed record RetireOutcomes(RetireOutcome Done, RetireOutcome Busy, RetireOutcome NotRoom);

internal sealed record RetireRoomArgs(long Now, long ExpireAtMs, string Personal, string Cancelled, string Reason, RetireOutcomes Outcomes);

internal sealed record RetireRoomResult(RetireOutcome Outcome, int MeetingsAhead);

internal sealed record Roles(string Host, string Participant);

internal sealed record PasscodeKindWords(string HostPin, string None, string Shared, string Unique);

internal sealed record AdmitVerdicts(
    AdmissionResult Admitted, AdmissionResult Wrong, AdmissionResult WrongLocked, AdmissionResult Locked, AdmissionResult Gone, AdmissionResult Full,
    AdmissionResult MeetingLocked, AdmissionResult Ended, AdmissionResult NotOpen);

internal sealed record AdmitArgs(
    bool AsHost,
    bool AsGuest,
    long Now,
    string CallSid,
    string Caller,
    string Member,
    string OrganizerId,
    string SecretHash,
    string GuestLabel,
    int FailureLimit,
    long FailureWindowMs,
    long LockMs,
    long UnjoinedLabelMs,
    long ExpireAtMs,
    string RosterPrefix,
    long RosterRetentionMs,
    long RoomLabelsMs,
    SlotWords Words,
    Roles Roles,
    PasscodeKindWords PasscodeKinds,
    AdmitVerdicts Verdicts,
    LiveFields Live,
    bool CheckOnly = false,
    string? Channel = null,
    string? MeetingId = null);

/// <summary>The field names of the live-control hash (<c>live</c>): a prefix and the meeting id or call SID.</summary>
internal sealed record LiveFields(string Locked, string Ended, string Muted);

internal sealed record AdmitResult(
    AdmissionResult Verdict,
    string? Label,
    int Copy,
    string? Role,
    string? MeetingId,
    string? ContactId,
    bool WaitForHost,
    bool Personal,
    string? OrganizerId,
    string? PasscodeKind,
    bool SharedContact);

internal sealed record ConferenceChanges(ConferenceChange Joined, ConferenceChange Left, ConferenceChange Ended);

internal sealed record ConferenceEventArgs(ConferenceChange Change, ConferenceChanges Changes, string CallSid, string NowText, long Now, string MutedPrefix);

internal sealed record ConferenceEventResult(bool Recorded, string? Caller = null, string? Channel = null);

// Nulls are left out: Lua would see cjson.null, which is truthy.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LookupArgs))]
[JsonSerializable(typeof(LookupResult))]
[JsonSerializable(typeof(ReserveArgs))]
[JsonSerializable(typeof(ReserveResult))]
[JsonSerializable(typeof(RoomMeetingArgs))]
[JsonSerializable(typeof(UpdateOneTimeArgs))]
[JsonSerializable(typeof(WriteResult))]
[JsonSerializable(typeof(RetireRoomArgs))]
[JsonSerializable(typeof(RetireRoomResult))]
[JsonSerializable(typeof(AdmitArgs))]
[JsonSerializable(typeof(AdmitResult))]
[JsonSerializable(typeof(ConferenceEventArgs))]
[JsonSerializable(typeof(ConferenceEventResult))]
[JsonSerializable(typeof(StoredCodeEntry))]
[JsonSerializable(typeof(StoredHolder))]
[JsonSerializable(typeof(StoredWindow))]
[JsonSerializable(typeof(AttendanceEntry))]
internal sealed partial class AccessSlotJson : JsonSerializerContext;
