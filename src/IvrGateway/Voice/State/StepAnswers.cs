namespace IvrGateway.Voice.State;

/// <summary>
/// The TwiML a step answers each verdict with, rendered before the step is recorded: the shard keeps
/// the one that holds with the (step, attempt), so a replayed request hears exactly the same answer.
/// </summary>
public sealed record StepAnswers(string Proceed, string Retry, string TooManyTries, string Locked, string Other);
