using System.Collections.Concurrent;
using IvrGateway.Simulator.Twilio;

namespace IvrGateway.Simulator.Calls;

/// <summary>The conferences one simulator has seen: a stable SID and an increasing sequence per room, shared by concurrent calls.</summary>
internal sealed class ConferenceRegistry
{
    private readonly ConcurrentDictionary<string, ConferenceRoom> rooms = new(StringComparer.Ordinal);

    public ConferenceRoom For(string name) => rooms.GetOrAdd(name, static _ => new ConferenceRoom(TwilioSids.NewConferenceSid()));
}

internal sealed class ConferenceRoom(string sid)
{
    private int sequence;

    public string Sid => sid;

    public int NextSequenceNumber() => Interlocked.Increment(ref sequence);
}
