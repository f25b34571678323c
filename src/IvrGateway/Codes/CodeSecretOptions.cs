using Microsoft.Extensions.Options;
using IvrGateway.Infrastructure;

namespace IvrGateway.Codes;

/// <summary><c>Gateway:CodeSecret</c>: the HMAC key under which codes, passcodes, PINs and API keys are looked up.</summary>
public sealed class CodeSecretOptions
{
    public const string SectionName = "Gateway";
    public const string Key = "Gateway:CodeSecret";

    // Development only: lets a newcomer start the service with no configuration at all.
    internal const string DevelopmentSecret = "ZGV2ZWxvcG1lbnQtb25seS1jb2RlLXNlY3JldC1kby1ub3QtdXNlLWluLXByb2R1Y3Rpb24=";

    public string? CodeSecret { get; set; }

    internal byte[] KeyBytes() => Convert.FromBase64String(string.IsNullOrWhiteSpace(CodeSecret) ? DevelopmentSecret : CodeSecret);
}

internal sealed class CodeSecretOptionsValidator(IHostEnvironment environment) : IValidateOptions<CodeSecretOptions>
{
    public ValidateOptionsResult Validate(string? name, CodeSecretOptions options)
    {
        if (ProductionSecrets.Missing(environment, options.CodeSecret, CodeSecretOptions.Key) is { } missing)
        {
            return ValidateOptionsResult.Fail(missing + " Give it as base64 of at least 32 random bytes (openssl rand -base64 32).");
        }
        if (string.IsNullOrWhiteSpace(options.CodeSecret))
        {
            return ValidateOptionsResult.Success;
        }
        try
        {
            var bytes = Convert.FromBase64String(options.CodeSecret);
            return bytes.Length >= 32
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{CodeSecretOptions.Key} must decode to at least 32 bytes; it decodes to {bytes.Length}.");
        }
        catch (FormatException)
        {
            return ValidateOptionsResult.Fail($"{CodeSecretOptions.Key} is not valid base64.");
        }
    }
}
