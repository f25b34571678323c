using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace IvrGateway.Join;

/// <summary>
/// What browser audio needs from the <c>Twilio</c> section: the account, an API key (SID and secret) that signs Access Tokens,
/// and the TwiML App whose voice URL is <c>/voice/client</c>. The account and key are shared with Twilio's REST client (Call me,
/// host controls), so they may be set alone; the TwiML App needs them. Without all four the join page offers dial-in only.
/// </summary>
public sealed partial class BrowserAudioOptions
{
    public const string SectionName = "Twilio";

    public string? AccountSid { get; set; }

    public string? ApiKeySid { get; set; }

    public string? ApiKeySecret { get; set; }

    public string? TwimlAppSid { get; set; }

    /// <summary>
    /// Development only: the simulator's fake Twilio (such as <c>http://127.0.0.1:5090</c>), whose Voice SDK stand-in the join
    /// pages load instead of Twilio's SDK, so a browser's call is played without a Twilio account (the audio is simulated).
    /// </summary>
    public string? VoiceSdkSimulatorUrl { get; set; }

    /// <summary>The simulator's origin when the pages load the simulated SDK; null for Twilio's own.</summary>
    public string? VoiceSdkSimulatorOrigin =>
        IsConfigured && Uri.TryCreate(VoiceSdkSimulatorUrl, UriKind.Absolute, out var url) ? url.GetLeftPart(UriPartial.Authority) : null;

    public bool IsConfigured =>
        !string.IsNullOrEmpty(AccountSid) && !string.IsNullOrEmpty(ApiKeySid) && !string.IsNullOrEmpty(ApiKeySecret) && !string.IsNullOrEmpty(TwimlAppSid);

    internal static bool IsSid(string? value, string prefix) => value is not null && value.StartsWith(prefix, StringComparison.Ordinal) && SidPattern().IsMatch(value);

    [GeneratedRegex("^[A-Z]{2}[0-9a-f]{32}$")]
    private static partial Regex SidPattern();
}

internal sealed class BrowserAudioOptionsValidator(IHostEnvironment environment) : IValidateOptions<BrowserAudioOptions>
{
    public ValidateOptionsResult Validate(string? name, BrowserAudioOptions o)
    {
        if (!string.IsNullOrEmpty(o.VoiceSdkSimulatorUrl) && SimulatorFailure(o) is { } simulator)
        {
            return ValidateOptionsResult.Fail(simulator);
        }
        var given = new[] { o.AccountSid, o.ApiKeySid, o.ApiKeySecret, o.TwimlAppSid }.Count(v => !string.IsNullOrEmpty(v));
        if (given == 0)
        {
            return ValidateOptionsResult.Success;
        }
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(o.TwimlAppSid) && given < 4)
        {
            failures.Add("Twilio:TwimlAppSid needs Twilio:AccountSid, Twilio:ApiKeySid and Twilio:ApiKeySecret: set all four for joining from the browser, or leave Twilio:TwimlAppSid out for dial-in only.");
        }
        if (!string.IsNullOrEmpty(o.AccountSid) && !BrowserAudioOptions.IsSid(o.AccountSid, "AC"))
        {
            failures.Add("Twilio:AccountSid must be an account SID: AC and 32 lower-case hex digits.");
        }
        if (!string.IsNullOrEmpty(o.ApiKeySid) && !BrowserAudioOptions.IsSid(o.ApiKeySid, "SK"))
        {
            failures.Add("Twilio:ApiKeySid must be an API key SID: SK and 32 lower-case hex digits (an API key signs Access Tokens, not the auth token).");
        }
        if (!string.IsNullOrEmpty(o.ApiKeySecret) && o.ApiKeySecret.Length < 16)
        {
            failures.Add("Twilio:ApiKeySecret is too short to be an API key's secret.");
        }
        // Access Tokens are HS256: the JWT library refuses a key under 256 bits at the first token, so refuse it at the start.
        if (!string.IsNullOrEmpty(o.TwimlAppSid) && !string.IsNullOrEmpty(o.ApiKeySecret) && System.Text.Encoding.UTF8.GetByteCount(o.ApiKeySecret) < 32)
        {
            failures.Add("Twilio:ApiKeySecret must be at least 32 characters to sign browsers' Access Tokens (HS256); an API key's secret has 32.");
        }
        if (!string.IsNullOrEmpty(o.TwimlAppSid) && !BrowserAudioOptions.IsSid(o.TwimlAppSid, "AP"))
        {
            failures.Add("Twilio:TwimlAppSid must be a TwiML App SID: AP and 32 lower-case hex digits.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // A simulated SDK would have real invitees "join" a meeting nobody hears: it must never reach a deployment.
    private string? SimulatorFailure(BrowserAudioOptions o)
    {
        if (!environment.IsDevelopment())
        {
            return $"Twilio:VoiceSdkSimulatorUrl is for local use only (Development), not {environment.EnvironmentName}: remove it so browsers use Twilio's Voice SDK.";
        }
        if (!Uri.TryCreate(o.VoiceSdkSimulatorUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.AbsolutePath != "/"
            || url.Query.Length > 0 || !string.IsNullOrEmpty(url.UserInfo))
        {
            return "Twilio:VoiceSdkSimulatorUrl must be the fake Twilio's base URL, such as http://127.0.0.1:5090 (no path).";
        }
        return o.IsConfigured ? null
            : "Twilio:VoiceSdkSimulatorUrl needs Twilio:AccountSid, Twilio:ApiKeySid, Twilio:ApiKeySecret and Twilio:TwimlAppSid: the simulated SDK checks the same Access Tokens.";
    }
}
