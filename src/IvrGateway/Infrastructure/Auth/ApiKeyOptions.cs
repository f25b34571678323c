using Microsoft.Extensions.Options;

namespace IvrGateway.Infrastructure.Auth;

/// <summary><c>Gateway:AdminApiKey</c> and <c>Gateway:OpsApiKey</c>.</summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Gateway";

    public string? AdminApiKey { get; set; }

    public string? OpsApiKey { get; set; }
}

internal sealed class ApiKeyOptionsValidator(IHostEnvironment environment) : IValidateOptions<ApiKeyOptions>
{
    public const int MinimumLength = 16;

    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        var failures = new List<string>();
        Check(options.AdminApiKey, "Gateway:AdminApiKey");
        Check(options.OpsApiKey, "Gateway:OpsApiKey");
        if (!string.IsNullOrEmpty(options.AdminApiKey) && options.AdminApiKey == options.OpsApiKey)
        {
            failures.Add("Gateway:AdminApiKey and Gateway:OpsApiKey must differ.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Check(string? value, string key)
        {
            if (ProductionSecrets.Missing(environment, value, key) is { } missing)
            {
                failures.Add(missing);
            }
            else if (!string.IsNullOrEmpty(value) && value.Length < MinimumLength)
            {
                failures.Add($"{key} must be at least {MinimumLength} characters long.");
            }
        }
    }
}
