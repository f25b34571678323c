namespace IvrGateway.Infrastructure;

/// <summary>
/// Outside Production the gateway starts with nothing configured; a secret that is missing
/// there is replaced by a well-known development value, which is safe only because it is
/// refused in Production.
/// </summary>
internal static class ProductionSecrets
{
    public static string? Missing(IHostEnvironment environment, string? value, string key) =>
        environment.IsProduction() && string.IsNullOrWhiteSpace(value)
            ? $"{key} is required in Production."
            : null;
}
