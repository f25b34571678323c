using System.Text.RegularExpressions;
using IvrGateway.Infrastructure;
using Microsoft.Extensions.Options;

namespace IvrGateway.Conferences;

/// <summary>
/// The <c>Twilio</c> keys of the REST API: where it is (<c>Twilio:ApiBaseUrl</c>, Twilio's by default; the simulator's
/// fake in demos and tests), the account and the API key that signs in to it. None is required to start: without the
/// account and key, Call me and the host controls say they are unavailable and why.
/// </summary>
public sealed partial class TwilioRestOptions
{
    public const string SectionName = "Twilio";

    public const string TwilioApi = "https://api.twilio.com";

    public string ApiBaseUrl { get; set; } = TwilioApi;

    public string? AccountSid { get; set; }

    public string? ApiKeySid { get; set; }

    public string? ApiKeySecret { get; set; }

    /// <summary>Seconds one REST call may take, retries included.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Retries of REST calls that are safe to repeat (reads, mute, remove, end); never of placing a call.</summary>
    public int Retries { get; set; } = 2;

    public bool IsConfigured => !string.IsNullOrEmpty(AccountSid) && !string.IsNullOrEmpty(ApiKeySid) && !string.IsNullOrEmpty(ApiKeySecret);

    /// <summary>Why Call me and the host controls are off, in words for the organizer; null when they are on.</summary>
    public string? UnavailableReason => IsConfigured
        ? null
        : "Call me and the host controls need the gateway's Twilio account: Twilio:AccountSid, Twilio:ApiKeySid and Twilio:ApiKeySecret are not all set.";

    internal static bool IsSid(string? value, string prefix) => value is not null && value.StartsWith(prefix, StringComparison.Ordinal) && SidBody().IsMatch(value[2..]);

    [GeneratedRegex("^[0-9a-fA-F]{32}$")]
    private static partial Regex SidBody();
}

internal sealed class TwilioRestOptionsValidator(IHostEnvironment environment) : IValidateOptions<TwilioRestOptions>
{
    public ValidateOptionsResult Validate(string? name, TwilioRestOptions o)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.Query)
            || url.AbsolutePath != "/")
        {
            failures.Add($"Twilio:ApiBaseUrl must be an absolute http(s) URL without a path or query, such as {TwilioRestOptions.TwilioApi}.");
        }
        else if (ProductionSecrets.NotHttps(environment, url, "Twilio:ApiBaseUrl") is { } notHttps)
        {
            failures.Add(notHttps);
        }
        if (o.AccountSid is { Length: > 0 } && !TwilioRestOptions.IsSid(o.AccountSid, "AC"))
        {
            failures.Add("Twilio:AccountSid must be AC followed by 32 hex digits.");
        }
        if (o.ApiKeySid is { Length: > 0 } && !TwilioRestOptions.IsSid(o.ApiKeySid, "SK"))
        {
            failures.Add("Twilio:ApiKeySid must be SK followed by 32 hex digits (an API key, not the account SID).");
        }
        var given = new[] { ("Twilio:AccountSid", o.AccountSid), ("Twilio:ApiKeySid", o.ApiKeySid), ("Twilio:ApiKeySecret", o.ApiKeySecret) };
        if (given.Any(g => !string.IsNullOrEmpty(g.Item2)) && given.FirstOrDefault(g => string.IsNullOrEmpty(g.Item2)) is { Item1: { } missing })
        {
            failures.Add($"{missing} is missing: the REST API (Call me, host controls) needs Twilio:AccountSid, Twilio:ApiKeySid and Twilio:ApiKeySecret together.");
        }
        if (o.TimeoutSeconds is < 1 or > 60)
        {
            failures.Add("Twilio:TimeoutSeconds must be between 1 and 60.");
        }
        if (o.Retries is < 0 or > 5)
        {
            failures.Add("Twilio:Retries must be between 0 and 5.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
