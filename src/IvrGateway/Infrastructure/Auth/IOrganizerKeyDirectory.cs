namespace IvrGateway.Infrastructure.Auth;

/// <summary>
/// Finds the organizer an API key belongs to. Authentication lives here, below the features;
/// the Organizers feature implements this so the handler never knows how organizers are stored.
/// </summary>
internal interface IOrganizerKeyDirectory
{
    /// <summary>The organizer's id, or null when no organizer has this key. Throws <see cref="StoreUnavailableException"/> when the store cannot answer.</summary>
    Task<string?> FindOrganizerIdAsync(string presentedApiKey, CancellationToken ct);
}
