namespace IvrGateway.Infrastructure;

/// <summary>
/// Only <c>Development</c> starts with nothing configured: a secret missing there is replaced by a
/// well-known development value from the repository. Any other environment (Production, Staging,
/// Testing, a typo) must be given every secret, or it would run on values anyone can read.
/// </summary>
internal static class ProductionSecrets
{
    public static string? Missing(IHostEnvironment environment, string? value, string key) =>
        !environment.IsDevelopment() && string.IsNullOrWhiteSpace(value)
            ? $"{key} is required outside Development (this is {environment.EnvironmentName}); only Development may fall back to the repository's development value."
            : null;

    /// <summary>In Production a public URL must be https: join links, cookies and Twilio's webhooks travel over the internet.</summary>
    public static string? NotHttps(IHostEnvironment environment, Uri url, string key) =>
        environment.IsProduction() && url.Scheme != Uri.UriSchemeHttps
            ? $"{key} must be an https URL in Production; it is {url.Scheme}."
            : null;
}
