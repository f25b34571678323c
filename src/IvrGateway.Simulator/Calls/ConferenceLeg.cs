using System.Globalization;
using IvrGateway.Simulator.Twilio;
using IvrGateway.Simulator.Twiml;

namespace IvrGateway.Simulator.Calls;

using Field = KeyValuePair<string, string>;

/// <summary>The caller's time in a conference: join, wait music, the stay, and the callbacks around them.</summary>
internal sealed class ConferenceLeg(CallSession call, ConferenceRegistry conferences, PromptPlayer prompts)
{
    public async Task<Ending> JoinAsync(ConferenceNoun noun, CancellationToken cancellationToken)
    {
        var entry = conferences.Join(noun, call.Live, call.Clock.UtcNow);
        var conference = entry.Conference;
        var join = new ConferenceJoin(noun.Room, conference.Sid, noun.ParticipantLabel, noun.StartConferenceOnEnter, noun.EndConferenceOnExit,
            noun.WaitUrl, noun.Beep, noun.StatusCallback, noun.StatusCallbackEvents);
        call.Conference = join;
        call.Emit(new JoinedConference(join));

        if (entry.StartsConference)
        {
            await NotifyAsync(noun, entry, "start", "conference-start", null, cancellationToken);
        }
        await NotifyAsync(noun, entry, "join", "participant-join", null, cancellationToken);

        CallError? error = null;
        if (!noun.StartConferenceOnEnter && noun.WaitUrl is { } waitUrl)
        {
            try
            {
                await PlayWaitUrlAsync(noun, conference, waitUrl, cancellationToken);
            }
            catch (CallFailedException failure)
            {
                error = failure.Error;
            }
        }
        string? toldToLeave = null;
        if (error is null)
        {
            toldToLeave = await StayAsync(noun, entry, cancellationToken);
        }

        var callbacks = new List<string>();
        if (await NotifyAsync(noun, entry, "leave", "participant-leave", null, cancellationToken))
        {
            callbacks.Add("participant-leave");
        }
        if (conferences.Leave(entry, call.Clock.UtcNow) is { } ended &&
            await NotifyAsync(noun, entry, "end", "conference-end", ended, cancellationToken))
        {
            callbacks.Add("conference-end");
        }
        var stayed = call.Options.StayInConference.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var ending = error is not null ? Ending.Failed(error)
            : new Ending(CallOutcome.Bridged, toldToLeave ?? $"Hung up after {stayed} s in the conference", "completed");
        return ending with { Callbacks = callbacks };
    }

    /// <summary>Stays for the configured time, sending the callbacks of REST changes meanwhile (mute, hold).</summary>
    /// <returns>Why the caller left early (removed, conference ended, hung up through the REST API), or null when the stay ran out.</returns>
    private async Task<string?> StayAsync(ConferenceNoun noun, ConferenceEntry entry, CancellationToken cancellationToken)
    {
        using var stayOver = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stay = call.Clock.WaitAsync(call.Options.StayInConference, stayOver.Token);
        try
        {
            while (true)
            {
                var command = call.Live.WaitForCommandAsync(stayOver.Token);
                var first = await Task.WhenAny(stay, command);
                // Commands first: a removal that came with the end of the stay still says why the caller left.
                while (call.Live.TryTakeCommand(out var next))
                {
                    switch (next)
                    {
                        case LeaveCommand leave when leave.ConferenceSid is null || leave.ConferenceSid == entry.Conference.Sid:
                            return leave.Reason;
                        case ParticipantChanged changed:
                            await NotifyAsync(noun, entry, changed.Subscription, changed.StatusEvent, null, cancellationToken);
                            break;
                    }
                }
                if (first == stay)
                {
                    await stay;
                    return null;
                }
            }
        }
        finally
        {
            await stayOver.CancelAsync();
        }
    }

    private async Task PlayWaitUrlAsync(ConferenceNoun noun, Conference conference, Uri waitUrl, CancellationToken cancellationToken)
    {
        var fields = call.Fields.With("in-progress",
        [
            new("ConferenceSid", conference.Sid),
            new("FriendlyName", noun.Room),
            new("QueueTime", "0"),
        ]);
        var request = new WebhookRequest(noun.WaitMethod, waitUrl, fields);
        var reply = await call.SendAsync(WebhookKind.WaitUrl, null, request, cancellationToken);
        // A waitUrl may point straight at an audio file, which Twilio plays as it is.
        if (reply.IsSuccess && reply.ContentType?.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) == true)
        {
            call.Emit(new Played(waitUrl, null, 1, WhileWaiting: true));
            return;
        }
        var document = TwimlAnswer.Read(request, reply, call.Options.RequestTimeout, TwimlScope.Wait);
        foreach (var verb in document.Verbs)
        {
            await prompts.PlayAsync(verb, waiting: true, cancellationToken);
        }
    }

    /// <returns>Whether the callback was due (subscribed) and so was sent.</returns>
    private async Task<bool> NotifyAsync(ConferenceNoun noun, ConferenceEntry entry, string subscription, string statusEvent, ConferenceEnding? ended,
        CancellationToken cancellationToken)
    {
        if (noun.StatusCallback is not { } url || !noun.StatusCallbackEvents.Contains(subscription))
        {
            return false;
        }
        var fields = new List<Field>
        {
            new("AccountSid", call.Fields.AccountSid),
            new("ConferenceSid", entry.Conference.Sid),
            new("FriendlyName", noun.Room),
            new("StatusCallbackEvent", statusEvent),
            new("SequenceNumber", entry.Conference.NextSequenceNumber().ToString(CultureInfo.InvariantCulture)),
            new("Timestamp", CallFields.Timestamp(call.Clock.UtcNow)),
        };
        if (statusEvent.StartsWith("participant-", StringComparison.Ordinal))
        {
            fields.Add(new("CallSid", call.Fields.CallSid));
            if (noun.ParticipantLabel is { } label)
            {
                fields.Add(new("ParticipantLabel", label));
            }
            var (muted, hold) = conferences.StateOf(entry.Participant);
            fields.AddRange(
            [
                new("Muted", Bool(muted)),
                new("Hold", Bool(hold)),
                new("Coaching", "false"),
                new("StartConferenceOnEnter", Bool(noun.StartConferenceOnEnter)),
                new("EndConferenceOnExit", Bool(noun.EndConferenceOnExit)),
            ]);
        }
        else if (ended is not null)
        {
            if (ended.CallSidEndingConference is { } ending)
            {
                fields.Add(new("CallSidEndingConference", ending));
            }
            fields.Add(new("ReasonConferenceEnded", ended.Reason));
        }
        await call.SendAsync(WebhookKind.ConferenceStatus, statusEvent, new WebhookRequest(noun.StatusCallbackMethod, url, fields), cancellationToken);
        return true;
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
