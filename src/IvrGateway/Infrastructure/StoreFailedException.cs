namespace IvrGateway.Infrastructure;

/// <summary>
/// Redis answered with an error (a script bug, a wrong type): not an outage. The message names the
/// exception type only; the original, which quotes keys and commands, is deliberately dropped.
/// </summary>
public sealed class StoreFailedException(string message) : Exception(message);
