namespace IvrGateway.Simulator.Calls;

using Field = KeyValuePair<string, string>;

/// <summary>What a verb leaves the call to do next.</summary>
internal abstract record Step
{
    public static readonly Step Continue = new ContinueStep();
}

internal sealed record ContinueStep : Step;

internal sealed record NavigateStep(Uri Url, HttpMethod Method, IReadOnlyList<Field> Fields) : Step;

internal sealed record EndStep(Ending Ending) : Step;

/// <summary>How the call ends, and the <c>CallStatus</c> its status callback reports.</summary>
internal sealed record Ending(CallOutcome Outcome, string Reason, string CallStatus, CallError? Error = null)
{
    /// <summary>Conference callbacks already sent as the caller left.</summary>
    public IReadOnlyList<string> Callbacks { get; init; } = [];

    public static Ending Failed(CallError error) => new(CallOutcome.Error, error.Message, "completed", error);
}
