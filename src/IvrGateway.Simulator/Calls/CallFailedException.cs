namespace IvrGateway.Simulator.Calls;

/// <summary>Ends the call with an error from wherever it is found; <see cref="CallFlow"/> turns it into a result.</summary>
internal sealed class CallFailedException(CallError error) : Exception(error.Message)
{
    public CallError Error { get; } = error;
}
