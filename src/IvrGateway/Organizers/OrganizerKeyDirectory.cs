using IvrGateway.Codes;
using IvrGateway.Infrastructure.Auth;

namespace IvrGateway.Organizers;

/// <summary>Answers the authentication handler's question from the organizer store: keys are looked up by keyed hash.</summary>
internal sealed class OrganizerKeyDirectory(OrganizerStore store, SecretHasher hasher) : IOrganizerKeyDirectory
{
    public Task<string?> FindOrganizerIdAsync(string presentedApiKey, CancellationToken ct) =>
        store.FindIdByApiKeyHashAsync(hasher.ApiKey(presentedApiKey), ct);
}
