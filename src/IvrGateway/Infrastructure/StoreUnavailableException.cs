namespace IvrGateway.Infrastructure;

/// <summary>Redis could not be reached within the budget. Callers hear an apology; the API answers 503.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
