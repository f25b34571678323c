using IvrGateway.Simulator.Calls;

namespace IvrGateway.Simulator.Cli;

internal static class ExitCodes
{
    public const int Bridged = 0;
    public const int Error = 1;
    public const int Unreachable = 2;
    public const int Refused = 10;
    public const int CallerHungUp = 11;

    /// <summary>For <c>load</c>: the run finished, but not every call was bridged cleanly.</summary>
    public const int SomeCallsFailed = 12;
    public const int Interrupted = 130;

    public const string Help = """
        Exit codes:
          0    bridged into a conference
          10   refused by the gateway (it hung up, rejected the call, or its TwiML ended)
          11   caller hung up (the --digits ran out, or q at the prompt)
          1    error: an HTTP error or an answer that is not valid TwiML
          2    gateway unreachable, or --gateway is not an http(s) URL
        """;

    public static int For(CallResult result) => result.Outcome switch
    {
        CallOutcome.Bridged => Bridged,
        CallOutcome.Refused => Refused,
        CallOutcome.CallerHungUp => CallerHungUp,
        _ => result.Error?.Kind == CallErrorKind.Unreachable ? Unreachable : Error,
    };
}
