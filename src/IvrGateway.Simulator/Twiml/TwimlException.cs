namespace IvrGateway.Simulator.Twiml;

/// <summary>A document Twilio would refuse; <see cref="Unsupported"/> marks valid TwiML the simulator does not play.</summary>
internal sealed class TwimlException(string message, bool unsupported = false) : Exception(message)
{
    public bool Unsupported { get; } = unsupported;
}
