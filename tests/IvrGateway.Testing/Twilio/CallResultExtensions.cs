using IvrGateway.Simulator.Calls;

namespace IvrGateway.Testing.Twilio;

public static class CallResultExtensions
{
    /// <summary>What the caller heard, one prompt per line, for assertion messages.</summary>
    public static string Transcript(this CallResult call) =>
        $"call {call.CallSid} ({call.Outcome}, error: {call.Error?.Message ?? "none"}) heard:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", call.Heard);

    /// <summary>How many entries the caller typed: one per prompt that was answered.</summary>
    public static int EntriesTyped(this CallResult call) => call.Events.OfType<KeysPressed>().Count();
}
