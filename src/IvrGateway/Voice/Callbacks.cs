using IvrGateway.Codes;
using IvrGateway.Voice.State;
using IvrGateway.Voice.Steps;
using IvrGateway.Voice.Twilio;

namespace IvrGateway.Voice;

/// <summary>
/// Twilio's reports: the call ended (the number's status callback) and participants joined or
/// left (the conference status callback the bridge asked for; a browser's leaving ends its call's record). TwiML returned here is ignored by
/// Twilio; an empty document answers quickly.
/// </summary>
public sealed class Callbacks(CallerShardStore calls, AccessSlotStore slots, OutageJournal journal, TimeProvider time, ILogger<Callbacks> logger)
{
    private static readonly HashSet<string> FinalStatuses = new(StringComparer.Ordinal) { "completed", "busy", "failed", "no-answer", "canceled" };
    private static readonly Dictionary<string, ConferenceChange> ConferenceEvents = new(StringComparer.Ordinal)
    {
        ["participant-join"] = ConferenceChange.Joined,
        ["participant-leave"] = ConferenceChange.Left,
        ["conference-end"] = ConferenceChange.Ended,
    };

    public async Task CallStatusAsync(VoiceRequest request, CancellationToken ct)
    {
        var status = request.Field("CallStatus");
        if (!request.HasValidCallSid || !FinalStatuses.Contains(status))
        {
            return;
        }
        var duration = int.TryParse(request.Field("CallDuration"), System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds is >= 0 and < 1_000_000
            ? seconds : 0;
        // Steps that failed during an outage join the record before it is closed.
        await journal.FlushAsync(request.CallSid, ct);
        await calls.FinishAsync(request, status, duration, time.GetUtcNow(), ct);
        logger.LogInformation("Call {CallSid} ended: {Status} after {Duration} s", request.CallSid, status, duration);
    }

    /// <param name="meetingId">The meeting the bridge named in the callback URL (none for a personal room's call outside any meeting).</param>
    public async Task ConferenceAsync(VoiceRequest request, string? slotId, string? meetingId, CancellationToken ct)
    {
        var statusEvent = request.Field("StatusCallbackEvent");
        // conference-end concerns the whole conference and carries no participant's call.
        if (!StepContext.IsSlotId(slotId) || !ConferenceEvents.TryGetValue(statusEvent, out var change) || (!request.HasValidCallSid && statusEvent != "conference-end"))
        {
            return;
        }
        var now = time.GetUtcNow();
        var participant = await slots.ConferenceParticipantEventAsync(slotId!, AccessSlotStore.IsMeetingId(meetingId) ? meetingId : null, change,
            request.CallSid ?? "", now, ct);
        // A browser that leaves the conference has ended its call, and a TwiML App's call may have no status callback: its
        // record is closed here. A phone call's is closed by its status callback, as before (no extra round trip for it).
        if (change == ConferenceChange.Left && participant.Channel == CallerShardStore.WebChannel && participant.Caller is { Length: > 0 } caller)
        {
            await calls.WebCallLeftAsync(request.CallSid!, caller, now, ct);
        }
        // Debug: the roster and the call log already hold these; at a top-of-the-hour burst they would flood the log.
        logger.LogDebug("Conference {Conference}: {Event} {CallSid}", request.Field("FriendlyName"), statusEvent, request.CallSid);
    }
}
