namespace IvrGateway.Voice.State;

/// <summary>
/// How a step moves the call. A step asks for <see cref="Proceed"/>, <see cref="Retry"/> or
/// <see cref="End"/>; the caller's shard answers with the verdict that holds (an end it let through
/// is answered <see cref="Proceed"/>). The one definition: call_step.lua receives these names and
/// returns one of them.
/// </summary>
public enum Verdict
{
    Proceed,
    Retry,
    End,
    TooManyTries,
    Locked,
    UnknownCall,
    OutOfOrder,
}
