using System.Text.Json;
using IvrGateway.CallLog;
using IvrGateway.Infrastructure.Security;
using IvrGateway.Voice;

namespace IvrGateway.Ops.Dashboard;

/// <summary>What the live view shows; the page renders it once and the stream sends it again whenever it changes.</summary>
public sealed record LiveSnapshot(
    IReadOnlyList<LiveCall> Calls,
    IReadOnlyList<LiveConference> Conferences,
    IReadOnlyList<FailedCall> Failures,
    IReadOnlyList<SecurityEvent> Events,
    string? Problem)
{
    public const int MaxCalls = 200;
    public const int MaxFailures = 20;
    public const int MaxEvents = 20;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static LiveSnapshot Empty { get; } = new([], [], [], [], null);

    /// <summary>Calls in progress as rows, and their conferences with whoever is in them right now.</summary>
    public static (IReadOnlyList<LiveCall> Calls, IReadOnlyList<LiveConference> Conferences) FromCallsInProgress(IReadOnlyList<CallRecord> records)
    {
        var calls = records.Select(LiveCall.Of).ToList();
        var conferences = records
            .Where(r => r.Conference is not null)
            .GroupBy(r => r.Conference!, StringComparer.Ordinal)
            .Select(g => new LiveConference(
                g.Key,
                g.Select(r => r.MeetingId).FirstOrDefault(m => m is not null),
                g.Where(InConference)
                    .OrderBy(r => r.JoinedAt)
                    .Select(r => new LiveParticipant(r.CallSid, r.DisplayName ?? DashboardFormat.Caller(r), DashboardFormat.Caller(r), r.Role, r.JoinedAt!.Value, IsWeb(r),
                        DashboardFormat.Identity(r)))
                    .ToList()))
            .Where(c => c.Participants.Count > 0)
            .OrderBy(c => c.Participants[0].JoinedAt)
            .ToList();
        return (calls, conferences);
    }

    /// <summary>A participant is in the conference from Twilio's join callback until its leave callback.</summary>
    public static bool InConference(CallRecord record) => record.JoinedAt is not null && record.LeftAt is null;

    /// <summary>Joined from a browser (join online) rather than a phone: shown with a <c>Web</c> badge.</summary>
    public static bool IsWeb(CallRecord record) => record.Channel == CallRecord.WebChannel;

    /// <summary>
    /// Calls that ended without the caller getting in, because the gateway refused or failed them.
    /// A caller who simply hung up mid-prompt is not something ops can act on.
    /// </summary>
    public static bool IsFailure(string outcome) =>
        outcome is not (Outcomes.Incoming or Outcomes.Ok or Outcomes.Organizer or Outcomes.Bridged or Outcomes.Host or Outcomes.HungUp);
}

/// <summary>
/// A call in the flow or in a conference; <see cref="Step"/> is the step it is at, or "in conference". <see cref="From"/> is what
/// Twilio sent (the call log's caller filter), <see cref="Caller"/> what ops read (<see cref="DashboardFormat.Name"/>: a browser by the
/// name it was admitted under), <see cref="Identity"/> a browser's identity, kept beside the name.
/// </summary>
public sealed record LiveCall(
    string CallSid, string From, string? To, string Step, string? MeetingId, string? Label, string? Role, DateTimeOffset? StartedAt, bool InConference,
    string Caller, bool Web, string? Identity = null)
{
    public const string InConferenceStep = "in conference";

    public static LiveCall Of(CallRecord r)
    {
        var inConference = LiveSnapshot.InConference(r);
        var step = inConference ? InConferenceStep : r.Steps.Count > 0 ? r.Steps[^1].Step : "incoming";
        return new LiveCall(r.CallSid, r.From, r.To, step, r.MeetingId, r.DisplayName, r.Role, r.StartedAt, inConference,
            DashboardFormat.Name(r), LiveSnapshot.IsWeb(r), DashboardFormat.Identity(r));
    }
}

public sealed record LiveConference(string Name, string? MeetingId, IReadOnlyList<LiveParticipant> Participants);

/// <summary>Someone in a live conference: <see cref="Label"/> names them; a browser's <see cref="From"/> is its identity, shown as the Web badge.</summary>
public sealed record LiveParticipant(string CallSid, string Label, string From, string? Role, DateTimeOffset JoinedAt, bool Web, string? Identity = null);

/// <summary>An ended call whose outcome kept the caller out (or that hung up in the flow).</summary>
public sealed record FailedCall(string CallSid, string From, string? To, string Outcome, string? MeetingId, DateTimeOffset? EndedAt, int? DurationSeconds,
    string Caller, bool Web, string? Identity = null)
{
    public static FailedCall Of(CallRecord r) =>
        new(r.CallSid, r.From, r.To, r.Outcome, r.MeetingId, r.EndedAt, r.DurationSeconds, DashboardFormat.Name(r), LiveSnapshot.IsWeb(r),
            DashboardFormat.Identity(r));
}
