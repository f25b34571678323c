using System.Globalization;
using System.Text.Json;
using IvrGateway.Voice;

namespace IvrGateway.CallLog;

/// <summary>One step of a call as the call log shows it.</summary>
public sealed record CallStep(DateTimeOffset At, string Step, string Outcome, string? MeetingId, string? Role, string? Label, string? Conference);

/// <summary>
/// One call, assembled from the flow's steps and Twilio's callbacks. Codes never appear in it: the
/// steps say what happened (<c>unknown-code</c>), not which digits were typed.
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
    IReadOnlyList<CallStep> Steps)
{
    public const string InProgressStatus = "in-progress";

    /// <summary>A call matches an outcome when it ended with it or any of its steps had it; a host's call was bridged too.</summary>
    public bool Had(string outcome) =>
        Outcome == outcome || Steps.Any(s => s.Outcome == outcome) || (outcome == Outcomes.Bridged && Conference is not null);
}

/// <summary>A record and what the log needs to know about it but never shows: its access slot's tag.</summary>
internal sealed record StoredCall(CallRecord Record, string? Tag)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>From the fields of a call-log stream entry or of a call in progress.</summary>
    public static StoredCall? From(IReadOnlyDictionary<string, string> f)
    {
        if (!f.TryGetValue("sid", out var sid))
        {
            return null;
        }
        var steps = f.TryGetValue("steps", out var json) && json.Length > 0
            ? JsonSerializer.Deserialize<List<CallStep>>(json, Json) ?? []
            : [];
        var record = new CallRecord(
            sid,
            f.GetValueOrDefault("from", "unknown"),
            Empty(f.GetValueOrDefault("to")),
            Empty(f.GetValueOrDefault("locale")),
            f.TryGetValue("started", out var started) && long.TryParse(started, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : steps.FirstOrDefault()?.At,
            f.TryGetValue("ended", out var ended) && DateTimeOffset.TryParse(ended, CultureInfo.InvariantCulture, DateTimeStyles.None, out var end) ? end : null,
            f.TryGetValue("duration", out var duration) && int.TryParse(duration, CultureInfo.InvariantCulture, out var seconds) ? seconds : null,
            f.GetValueOrDefault("status", CallRecord.InProgressStatus),
            f.GetValueOrDefault("outcome", Outcomes.Incoming),
            Empty(f.GetValueOrDefault("mtg")),
            Empty(f.GetValueOrDefault("role")),
            Empty(f.GetValueOrDefault("label")),
            Empty(f.GetValueOrDefault("conf")),
            Empty(f.GetValueOrDefault("pkind")),
            null,
            null,
            steps);
        return new StoredCall(record, Empty(f.GetValueOrDefault("tag")));
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
