using IvrGateway.Simulator.Twilio;
using IvrGateway.Simulator.Twiml;

namespace IvrGateway.Simulator.Calls;

/// <summary>
/// The conferences one simulator runs, shared by its concurrent calls and by the fake REST API. As with
/// Twilio, a room name has at most one live conference; once it has ended, the next caller starts a new one
/// with a new SID. One lock guards it all: joins, leaves and REST changes are rare next to webhooks.
/// </summary>
internal sealed class ConferenceRegistry
{
    // Ended conferences stay listable (Status=completed) for a while, without growing for ever in a load run.
    private const int EndedKept = 1000;

    private readonly Lock gate = new();
    private readonly Dictionary<string, Conference> live = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Conference> bySid = new(StringComparer.Ordinal);
    private readonly Queue<Conference> ended = new();
    private readonly Dictionary<string, SequenceCounter> sequences = new(StringComparer.Ordinal);

    /// <summary>Puts the call into the room's live conference, starting a new conference when there is none.</summary>
    public ConferenceEntry Join(ConferenceNoun noun, LiveCall call, DateTimeOffset at)
    {
        lock (gate)
        {
            if (!live.TryGetValue(noun.Room, out var conference))
            {
                if (!sequences.TryGetValue(noun.Room, out var sequence))
                {
                    sequences[noun.Room] = sequence = new SequenceCounter();
                }
                conference = new Conference(TwilioSids.NewConferenceSid(), noun.Room, call.AccountSid, at, sequence);
                live[noun.Room] = conference;
                bySid[conference.Sid] = conference;
            }
            var participant = new Participant(call, noun.ParticipantLabel, noun.StartConferenceOnEnter, noun.EndConferenceOnExit, at);
            conference.Present.Add(participant);
            conference.LegsInside++;
            // Kept simple: a participant who may start a conference that is not running starts it, without waiting for a second one.
            var starts = noun.StartConferenceOnEnter && conference.Status == ConferenceStatus.Init;
            if (starts)
            {
                conference.Status = ConferenceStatus.InProgress;
                conference.Updated = at;
            }
            return new ConferenceEntry(conference, participant, starts);
        }
    }

    /// <summary>The leg has left (its leave callback is sent); the last leg out ends the conference.</summary>
    /// <returns>How the conference ended when this was the last leg, else null.</returns>
    public ConferenceEnding? Leave(ConferenceEntry entry, DateTimeOffset at)
    {
        var conference = entry.Conference;
        lock (gate)
        {
            conference.Present.Remove(entry.Participant);
            conference.LegsInside--;
            if (entry.Participant.EndConferenceOnExit && conference.Status != ConferenceStatus.Completed)
            {
                // As at Twilio, this participant's exit ends the conference for everyone; the last leg out reports the end.
                conference.ReasonEnded = "participant-with-end-conference-on-exit-left";
                conference.CallSidEndingConference = entry.Participant.Call.Sid;
                EndForEveryone(conference, "The conference ended when a participant with endConferenceOnExit left", at);
            }
            if (conference.LegsInside > 0)
            {
                return null;
            }
            if (conference.ReasonEnded is null)
            {
                conference.ReasonEnded = "last-participant-left";
                conference.CallSidEndingConference = entry.Participant.Call.Sid;
            }
            Close(conference, at);
            return new ConferenceEnding(conference.ReasonEnded, conference.CallSidEndingConference);
        }
    }

    public ConferenceView? Find(string sid)
    {
        lock (gate)
        {
            return bySid.TryGetValue(sid, out var conference) ? conference.View() : null;
        }
    }

    /// <param name="friendlyName">Exact room name, or null for all.</param>
    /// <param name="status"><c>init</c>, <c>in-progress</c>, <c>completed</c>, or null for all.</param>
    public IReadOnlyList<ConferenceView> List(string? friendlyName, string? status)
    {
        lock (gate)
        {
            return bySid.Values
                .Where(conference => friendlyName is null || conference.FriendlyName == friendlyName)
                .Where(conference => status is null || ConferenceStatus.Name(conference.Status) == status)
                .OrderByDescending(conference => conference.Created)
                .Select(conference => conference.View())
                .ToList();
        }
    }

    /// <summary>Ends a live conference for everyone (Conference update with <c>Status=completed</c>).</summary>
    /// <returns>The conference as it is now, or null when the SID is unknown.</returns>
    public ConferenceView? End(string sid, DateTimeOffset at)
    {
        lock (gate)
        {
            if (!bySid.TryGetValue(sid, out var conference))
            {
                return null;
            }
            if (conference.Status != ConferenceStatus.Completed)
            {
                conference.ReasonEnded = "conference-ended-via-api";
                EndForEveryone(conference, "The conference was ended through the REST API", at);
            }
            return conference.View();
        }
    }

    /// <summary>Finds a participant by its CallSid or its label, as Twilio's Participant resource does.</summary>
    public ParticipantView? FindParticipant(string conferenceSid, string callSidOrLabel)
    {
        lock (gate)
        {
            return FindPresent(conferenceSid, callSidOrLabel) is { } found ? found.Participant.View(found.Conference) : null;
        }
    }

    public IReadOnlyList<ParticipantView>? Participants(string conferenceSid)
    {
        lock (gate)
        {
            return bySid.TryGetValue(conferenceSid, out var conference)
                ? conference.Present.Select(participant => participant.View(conference)).ToList()
                : null;
        }
    }

    /// <summary>Mutes or holds a participant; the call sends <c>participant-mute</c> and the like when subscribed.</summary>
    public ParticipantView? Update(string conferenceSid, string callSidOrLabel, bool? muted, bool? hold, DateTimeOffset at)
    {
        lock (gate)
        {
            if (FindPresent(conferenceSid, callSidOrLabel) is not var (conference, participant))
            {
                return null;
            }
            if (muted is { } mute && mute != participant.Muted)
            {
                participant.Muted = mute;
                participant.Updated = at;
                participant.Call.Send(new ParticipantChanged("mute", mute ? "participant-mute" : "participant-unmute"));
            }
            if (hold is { } onHold && onHold != participant.Hold)
            {
                participant.Hold = onHold;
                participant.Updated = at;
                participant.Call.Send(new ParticipantChanged("hold", onHold ? "participant-hold" : "participant-unhold"));
            }
            return participant.View(conference);
        }
    }

    /// <summary>Takes a participant out of the conference (Participant delete); its call then leaves and hangs up.</summary>
    public bool Remove(string conferenceSid, string callSidOrLabel)
    {
        lock (gate)
        {
            if (FindPresent(conferenceSid, callSidOrLabel) is not var (conference, participant))
            {
                return false;
            }
            conference.Present.Remove(participant);
            participant.Call.Send(new LeaveCommand("Removed from the conference through the REST API", conference.Sid));
            return true;
        }
    }

    /// <summary>The participant's mute and hold state now, for its callbacks.</summary>
    public (bool Muted, bool Hold) StateOf(Participant participant)
    {
        lock (gate)
        {
            return (participant.Muted, participant.Hold);
        }
    }

    private (Conference Conference, Participant Participant)? FindPresent(string conferenceSid, string callSidOrLabel)
    {
        if (!bySid.TryGetValue(conferenceSid, out var conference))
        {
            return null;
        }
        var participant = conference.Present.FirstOrDefault(p => p.Call.Sid == callSidOrLabel)
            ?? conference.Present.FirstOrDefault(p => p.Label == callSidOrLabel);
        return participant is null ? null : (conference, participant);
    }

    /// <summary>Tells every leg still in to leave; the room is free at once, so a caller joining now starts a new conference.</summary>
    private void EndForEveryone(Conference conference, string reason, DateTimeOffset at)
    {
        if (live.TryGetValue(conference.FriendlyName, out var current) && current == conference)
        {
            live.Remove(conference.FriendlyName);
        }
        conference.Status = ConferenceStatus.Completed;
        conference.Updated = at;
        foreach (var participant in conference.Present)
        {
            participant.Call.Send(new LeaveCommand(reason, conference.Sid));
        }
        conference.Present.Clear();
    }

    private void Close(Conference conference, DateTimeOffset at)
    {
        if (live.TryGetValue(conference.FriendlyName, out var current) && current == conference)
        {
            live.Remove(conference.FriendlyName);
        }
        conference.Status = ConferenceStatus.Completed;
        conference.Updated = at;
        ended.Enqueue(conference);
        while (ended.Count > EndedKept)
        {
            bySid.Remove(ended.Dequeue().Sid);
        }
    }
}

internal static class ConferenceStatus
{
    public const int Init = 0;
    public const int InProgress = 1;
    public const int Completed = 2;

    public static string Name(int status) => status switch
    {
        Init => "init",
        InProgress => "in-progress",
        _ => "completed",
    };
}

/// <summary>
/// Callback sequence numbers per room name rather than per conference: a gateway that orders callbacks by
/// meeting never sees the numbers go back when the room starts again.
/// </summary>
internal sealed class SequenceCounter
{
    private int last;

    public int Next() => Interlocked.Increment(ref last);
}

/// <summary>One conference; its mutable state is guarded by the registry's lock.</summary>
internal sealed class Conference(string sid, string friendlyName, string accountSid, DateTimeOffset created, SequenceCounter sequence)
{
    public string Sid => sid;

    public string FriendlyName => friendlyName;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset Updated { get; set; } = created;

    public int Status { get; set; } = ConferenceStatus.Init;

    public string? ReasonEnded { get; set; }

    public string? CallSidEndingConference { get; set; }

    /// <summary>Who the REST API lists: a removed participant goes at once, before its leg has left.</summary>
    public List<Participant> Present { get; } = [];

    /// <summary>Legs that have not sent their leave yet: the last one out sends <c>conference-end</c>.</summary>
    public int LegsInside { get; set; }

    public int NextSequenceNumber() => sequence.Next();

    public ConferenceView View() =>
        new(sid, accountSid, friendlyName, ConferenceStatus.Name(Status), Created, Updated, ReasonEnded, CallSidEndingConference);
}

internal sealed class Participant(LiveCall call, string? label, bool startConferenceOnEnter, bool endConferenceOnExit, DateTimeOffset created)
{
    public LiveCall Call => call;

    public string? Label => label;

    public bool EndConferenceOnExit => endConferenceOnExit;

    public bool Muted { get; set; }

    public bool Hold { get; set; }

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset Updated { get; set; } = created;

    public ParticipantView View(Conference conference) =>
        new(conference.Sid, call.Sid, call.AccountSid, label, Muted, Hold, startConferenceOnEnter, endConferenceOnExit, Created, Updated);
}

/// <param name="StartsConference">This participant started the conference (it was not running yet).</param>
internal sealed record ConferenceEntry(Conference Conference, Participant Participant, bool StartsConference);

/// <param name="CallSidEndingConference">Null when the conference was ended through the REST API.</param>
internal sealed record ConferenceEnding(string Reason, string? CallSidEndingConference);

/// <summary>A conference as the REST API shows it.</summary>
public sealed record ConferenceView(
    string Sid,
    string AccountSid,
    string FriendlyName,
    string Status,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    string? ReasonEnded,
    string? CallSidEndingConference);

/// <summary>A participant as the REST API shows it.</summary>
public sealed record ParticipantView(
    string ConferenceSid,
    string CallSid,
    string AccountSid,
    string? Label,
    bool Muted,
    bool Hold,
    bool StartConferenceOnEnter,
    bool EndConferenceOnExit,
    DateTimeOffset Created,
    DateTimeOffset Updated);
