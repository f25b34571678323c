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
        var room = conferences.For(noun.Room);
        var join = new ConferenceJoin(noun.Room, room.Sid, noun.ParticipantLabel, noun.StartConferenceOnEnter, noun.EndConferenceOnExit,
            noun.WaitUrl, noun.Beep, noun.StatusCallback, noun.StatusCallbackEvents);
        call.Conference = join;
        call.Emit(new JoinedConference(join));

        // Kept simple: a participant who may start a conference that is not running starts it,
        // without waiting for a second one.
        if (room.Enter(noun.StartConferenceOnEnter))
        {
            await NotifyAsync(noun, room, "start", "conference-start", cancellationToken);
        }
        await NotifyAsync(noun, room, "join", "participant-join", cancellationToken);

        CallError? error = null;
        if (!noun.StartConferenceOnEnter && noun.WaitUrl is { } waitUrl)
        {
            try
            {
                await PlayWaitUrlAsync(noun, room, waitUrl, cancellationToken);
            }
            catch (CallFailedException failure)
            {
                error = failure.Error;
            }
        }
        if (error is null)
        {
            await call.Clock.WaitAsync(call.Options.StayInConference, cancellationToken);
        }

        var callbacks = new List<string>();
        if (await NotifyAsync(noun, room, "leave", "participant-leave", cancellationToken))
        {
            callbacks.Add("participant-leave");
        }
        if (room.Leave() && await NotifyAsync(noun, room, "end", "conference-end", cancellationToken))
        {
            callbacks.Add("conference-end");
        }
        var ending = error is null
            ? new Ending(CallOutcome.Bridged, $"Hung up after {call.Options.StayInConference.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s in the conference", "completed")
            : Ending.Failed(error);
        return ending with { Callbacks = callbacks };
    }

    private async Task PlayWaitUrlAsync(ConferenceNoun noun, ConferenceRoom room, Uri waitUrl, CancellationToken cancellationToken)
    {
        var fields = call.Fields.With("in-progress",
        [
            new("ConferenceSid", room.Sid),
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
    private async Task<bool> NotifyAsync(ConferenceNoun noun, ConferenceRoom room, string subscription, string statusEvent, CancellationToken cancellationToken)
    {
        if (noun.StatusCallback is not { } url || !noun.StatusCallbackEvents.Contains(subscription))
        {
            return false;
        }
        var fields = new List<Field>
        {
            new("AccountSid", call.Fields.AccountSid),
            new("ConferenceSid", room.Sid),
            new("FriendlyName", noun.Room),
            new("StatusCallbackEvent", statusEvent),
            new("SequenceNumber", room.NextSequenceNumber().ToString(CultureInfo.InvariantCulture)),
            new("Timestamp", CallFields.Timestamp(call.Clock.UtcNow)),
        };
        if (statusEvent.StartsWith("participant-", StringComparison.Ordinal))
        {
            fields.Add(new("CallSid", call.Fields.CallSid));
            if (noun.ParticipantLabel is { } label)
            {
                fields.Add(new("ParticipantLabel", label));
            }
            fields.AddRange(
            [
                new("Muted", "false"),
                new("Hold", "false"),
                new("Coaching", "false"),
                new("StartConferenceOnEnter", Bool(noun.StartConferenceOnEnter)),
                new("EndConferenceOnExit", Bool(noun.EndConferenceOnExit)),
            ]);
        }
        else if (statusEvent == "conference-end")
        {
            fields.Add(new("CallSidEndingConference", call.Fields.CallSid));
            fields.Add(new("ReasonConferenceEnded",
                noun.EndConferenceOnExit ? "participant-with-end-conference-on-exit-left" : "last-participant-left"));
        }
        await call.SendAsync(WebhookKind.ConferenceStatus, statusEvent, new WebhookRequest(noun.StatusCallbackMethod, url, fields), cancellationToken);
        return true;
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
