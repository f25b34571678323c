using IvrGateway.Codes;
using IvrGateway.Scheduling;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Rest.Api.V2010.Account.Conference;

namespace IvrGateway.Conferences;

/// <summary>
/// The host's controls of a running meeting. Mute, remove and end go to Twilio's REST API (the conference is found by
/// its name, in progress or waiting for the host); lock and end are kept in the code's slot, where admission reads them, so they
/// hold on every node and for callers still typing their code.
/// </summary>
public sealed class ConferenceControl(TwilioRest rest, AccessSlotStore slots, LiveRosters rosters, TimeProvider time, ILogger<ConferenceControl> logger)
{
    public async Task<ControlOutcome> MuteAsync(Meeting meeting, string callSid, bool muted, CancellationToken ct = default)
    {
        if (await ParticipantAsync(meeting, callSid, ct) is not { } participant)
        {
            return ControlOutcome.Failed("That participant is no longer in the meeting.");
        }
        var outcome = await InConferenceAsync(meeting, async (client, conferenceSid, token) =>
        {
            await ParticipantResource.UpdateAsync(new UpdateParticipantOptions(conferenceSid, callSid) { Muted = muted }, client).WaitAsync(token);
            return true;
        }, ct);
        if (!outcome.Succeeded)
        {
            return outcome;
        }
        await slots.SetMutedAsync(meeting.SlotId, callSid, muted, KeepUntil(meeting), ct);
        logger.LogInformation("Meeting {MeetingId}: the host {Action} call {CallSid}", meeting.Id, muted ? "muted" : "unmuted", callSid);
        return ControlOutcome.Done(muted ? $"{participant.Label} is muted." : $"{participant.Label} is unmuted.");
    }

    public async Task<ControlOutcome> RemoveAsync(Meeting meeting, string callSid, CancellationToken ct = default)
    {
        if (await ParticipantAsync(meeting, callSid, ct) is not { } participant)
        {
            return ControlOutcome.Failed("That participant is no longer in the meeting.");
        }
        var outcome = await InConferenceAsync(meeting, async (client, conferenceSid, token) =>
        {
            try
            {
                return await ParticipantResource.DeleteAsync(new DeleteParticipantOptions(conferenceSid, callSid), client).WaitAsync(token);
            }
            catch (ApiException e) when (TwilioRest.IsNotFound(e))
            {
                // Gone already (hung up while the host clicked): what the host wanted.
                return true;
            }
        }, ct);
        if (!outcome.Succeeded)
        {
            return outcome;
        }
        logger.LogInformation("Meeting {MeetingId}: the host removed call {CallSid}", meeting.Id, callSid);
        return ControlOutcome.Done($"{participant.Label} was removed from the meeting.");
    }

    /// <summary>Locks (or unlocks) the meeting to new callers: they hear that it is locked; the host can still join.</summary>
    public async Task<ControlOutcome> SetLockedAsync(Meeting meeting, bool locked, CancellationToken ct = default)
    {
        await slots.SetLockedAsync(meeting.SlotId, meeting.Id, locked, KeepUntil(meeting), ct);
        logger.LogInformation("Meeting {MeetingId}: the host {Action} it", meeting.Id, locked ? "locked" : "unlocked");
        return ControlOutcome.Done(locked ? "The meeting is locked: new callers are refused; you can still join as host." : "The meeting is unlocked: callers can join again.");
    }

    /// <summary>
    /// Ends the meeting for everyone: first its code stops admitting (so no one slips in), then the conference is
    /// completed, which hangs up everyone in it.
    /// </summary>
    public async Task<ControlOutcome> EndAsync(Meeting meeting, CancellationToken ct = default)
    {
        if (rest.Client() is null)
        {
            return ControlOutcome.Failed(rest.Options.UnavailableReason!);
        }
        await slots.EndMeetingAsync(meeting.SlotId, meeting.Id, time.GetUtcNow(), KeepUntil(meeting), ct);
        var outcome = await InConferenceAsync(meeting, async (client, conferenceSid, token) =>
        {
            await ConferenceResource.UpdateAsync(new UpdateConferenceOptions(conferenceSid) { Status = ConferenceResource.UpdateStatusEnum.Completed }, client)
                .WaitAsync(token);
            return true;
        }, ct, noConferenceIsFine: true);
        logger.LogInformation("Meeting {MeetingId}: the host ended it for everyone", meeting.Id);
        return outcome.Succeeded
            ? ControlOutcome.Done("The meeting has ended for everyone; its access code no longer admits callers.")
            : ControlOutcome.Failed("The meeting's code no longer admits callers, but hanging up the callers still in it failed: " + outcome.Message);
    }

    private async Task<LiveParticipant?> ParticipantAsync(Meeting meeting, string callSid, CancellationToken ct) =>
        (await rosters.ReadAsync(meeting, "UTC", ct)).Participants.FirstOrDefault(p => p.CallSid == callSid);

    /// <summary>Finds the meeting's live conference and runs <paramref name="action"/> on it, retried where safe.</summary>
    private async Task<ControlOutcome> InConferenceAsync(Meeting meeting, Func<ITwilioRestClient, string, CancellationToken, Task<bool>> action,
        CancellationToken ct, bool noConferenceIsFine = false)
    {
        if (rest.Client() is not { } client)
        {
            return ControlOutcome.Failed(rest.Options.UnavailableReason!);
        }
        var name = AccessSlotStore.ConferenceName(meeting.AccessCodeKind == AccessCodeKind.Personal, meeting.OrganizerId, meeting.Id);
        try
        {
            var done = await rest.Safe.ExecuteAsync(async token =>
            {
                // In progress, or still "init": callers waiting for the host are in it before it starts.
                var found = await ConferenceResource.ReadAsync(new ReadConferenceOptions { FriendlyName = name, PageSize = 20, Limit = 20 }, client)
                    .WaitAsync(token);
                var conference = found.FirstOrDefault(c => c.Status == ConferenceResource.StatusEnum.InProgress)
                    ?? found.FirstOrDefault(c => c.Status == ConferenceResource.StatusEnum.Init);
                return conference is null ? (bool?)null : await action(client, conference.Sid, token);
            }, ct);
            return done switch
            {
                null when noConferenceIsFine => ControlOutcome.Done(""),
                null => ControlOutcome.Failed("The meeting's conference is not running at Twilio right now."),
                false => ControlOutcome.Failed("Twilio did not do it; try again."),
                true => ControlOutcome.Done(""),
            };
        }
        catch (Exception e) when (e is ApiException or ApiConnectionException or HttpRequestException or TimeoutException
                                      or Polly.Timeout.TimeoutRejectedException)
        {
            logger.LogWarning("Meeting {MeetingId}: Twilio's REST API failed a host control ({Error})", meeting.Id, e.GetType().Name);
            return ControlOutcome.Failed("Twilio could not be reached or refused the request; try again in a moment.");
        }
    }

    private DateTimeOffset KeepUntil(Meeting meeting)
    {
        var now = time.GetUtcNow();
        return (meeting.ActiveUntil > now ? meeting.ActiveUntil : now) + TimeSpan.FromDays(1);
    }
}

/// <summary>How a host control went, with the sentence the page shows.</summary>
public sealed record ControlOutcome(bool Succeeded, string Message)
{
    public static ControlOutcome Done(string message) => new(true, message);

    public static ControlOutcome Failed(string message) => new(false, message);
}
