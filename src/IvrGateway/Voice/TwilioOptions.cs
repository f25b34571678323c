using IvrGateway.Infrastructure;
using Microsoft.Extensions.Options;

namespace IvrGateway.Voice;

/// <summary><c>Twilio:AuthToken</c> validates webhook signatures; <c>Twilio:PublicBaseUrl</c> is the URL Twilio calls when a proxy sits in front.</summary>
public sealed class TwilioOptions
{
    public const string SectionName = "Twilio";

    public string? AuthToken { get; set; }

    public string? PublicBaseUrl { get; set; }
}

internal sealed class TwilioOptionsValidator(IHostEnvironment environment) : IValidateOptions<TwilioOptions>
{
    public ValidateOptionsResult Validate(string? name, TwilioOptions options)
    {
        var failures = new List<string>();
        if (ProductionSecrets.Missing(environment, options.AuthToken, "Twilio:AuthToken") is { } missing)
        {
            failures.Add(missing + " It is the auth token of the Twilio account that owns the numbers.");
        }
        if (options.PublicBaseUrl is not null &&
            (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.Query)))
        {
            failures.Add("Twilio:PublicBaseUrl must be an absolute http(s) URL without a query, such as https://ivr.example.com.");
        }
        else if (options.PublicBaseUrl is not null && ProductionSecrets.NotHttps(environment, new Uri(options.PublicBaseUrl), "Twilio:PublicBaseUrl") is { } notHttps)
        {
            failures.Add(notHttps);
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
