using System.Collections.Concurrent;
using IvrGateway.Simulator.Twilio;

namespace IvrGateway.Simulator.Calls;

/// <summary>The conferences one simulator has seen: a stable SID and an increasing sequence per room, shared by concurrent calls.</summary>
internal sealed class ConferenceRegistry
{
    private readonly ConcurrentDictionary<string, ConferenceRoom> rooms = new(StringComparer.Ordinal);

    public ConferenceRoom For(string name) => rooms.GetOrAdd(name, static _ => new ConferenceRoom(TwilioSids.NewConferenceSid()));
}

/// <summary>
/// One room: its SID, its callback sequence, and who is in it now. Twilio starts a conference
/// once and ends it when the last participant leaves, so concurrent callers of one meeting must
/// not each report a start and an end (the gateway's end handling touches every participant).
/// </summary>
internal sealed class ConferenceRoom(string sid)
{
    private readonly Lock gate = new();
    private int sequence;
    private int participants;
    private bool started;

    public string Sid => sid;

    public int NextSequenceNumber() => Interlocked.Increment(ref sequence);

    /// <param name="startsConference">The participant's <c>startConferenceOnEnter</c>.</param>
    /// <returns>True when this participant starts the conference (it was not running yet).</returns>
    public bool Enter(bool startsConference)
    {
        lock (gate)
        {
            participants++;
            if (!startsConference || started)
            {
                return false;
            }
            started = true;
            return true;
        }
    }

    /// <returns>True when this was the last participant, so the conference ends.</returns>
    public bool Leave()
    {
        lock (gate)
        {
            participants--;
            if (participants > 0)
            {
                return false;
            }
            started = false;
            return true;
        }
    }
}
