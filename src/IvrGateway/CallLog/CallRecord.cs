using System.Text.Json;
using IvrGateway.Voice;
using IvrGateway.Voice.State;

namespace IvrGateway.CallLog;

/// <summary>One step of a call as the call log shows it.</summary>
public sealed record CallStep(DateTimeOffset At, string Step, string Outcome, string? MeetingId, string? Role, string? Label, string? Conference);

/// <summary>
/// One call, assembled from the flow's steps and Twilio's callbacks. Codes never appear in it: the
/// steps say what happened (<c>unknown-code</c>), not which digits were typed. <see cref="Channel"/> is how the caller came:
/// <c>phone</c>, or <c>web</c> for a browser (join online), whose <see cref="From"/> is its <c>client:&lt;identity&gt;</c>.
/// </summary>
public sealed record CallRecord(
    string CallSid,
    string From,
    string? To,
    string? Locale,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    int? DurationSeconds,
    string Status,
    string Outcome,
    string? MeetingId,
    string? Role,
    string? DisplayName,
    string? Conference,
    string? PasscodeKind,
    DateTimeOffset? JoinedAt,
    DateTimeOffset? LeftAt,
    IReadOnlyList<CallStep> Steps,
    string Channel = CallRecord.PhoneChannel)
{
    public const string InProgressStatus = "in-progress";

    public const string PhoneChannel = "phone";

    public const string WebChannel = CallerShardStore.WebChannel;

    /// <summary>A call matches an outcome when it ended with it or any of its steps had it; a host's call was bridged too.</summary>
    public bool Had(string outcome) =>
        Outcome == outcome || Steps.Any(s => s.Outcome == outcome) || (outcome == Outcomes.Bridged && Conference is not null);
}

/// <summary>A record and what the log needs to know about it but never shows: its access slot's id.</summary>
internal sealed record StoredCall(CallRecord Record, string? SlotId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>From a call as its caller's shard keeps it.</summary>
    public static StoredCall From(CallEntry e)
    {
        var steps = e.StepsJson.Length > 0 ? JsonSerializer.Deserialize<List<CallStep>>(e.StepsJson, Json) ?? [] : [];
        var record = new CallRecord(
            e.CallSid,
            e.From,
            e.To,
            e.Locale,
            e.StartedAt ?? steps.FirstOrDefault()?.At,
            e.EndedAt,
            e.DurationSeconds,
            e.Status ?? CallRecord.InProgressStatus,
            e.Outcome ?? Outcomes.Incoming,
            e.MeetingId,
            e.Role,
            e.Label,
            e.Conference,
            e.PasscodeKind,
            null,
            null,
            steps,
            e.Channel ?? CallRecord.PhoneChannel);
        return new StoredCall(record, e.SlotId);
    }
}
