using IvrGateway.Infrastructure;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace IvrGateway.Scheduling;

internal sealed record DialInNumber(string Number, string Country);

/// <summary>The <c>Gateway</c> keys that shape meetings, codes and invitations.</summary>
internal sealed class SchedulingOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Where join links point.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>True when the public base URL is https: the ops cookie is then sent over https only.</summary>
    internal bool PublicBaseIsHttps => PublicBaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The numbers printed in invitations, in E.164.</summary>
    public List<DialInNumber> DialInNumbers { get; set; } = [];

    /// <summary>A one-time code opens this long before the scheduled start.</summary>
    public int ActivationLeadMinutes { get; set; } = 15;

    /// <summary>A one-time code stays open this long after the scheduled end, for late joiners and overruns.</summary>
    public int GraceMinutes { get; set; } = 60;

    /// <summary>An expired or cancelled code is not issued again for this long, so a late caller of an old meeting never lands in a new one.</summary>
    public int QuarantineDays { get; set; } = 90;

    /// <summary>How far in the past a new start may be, to allow for clocks and "start it now".</summary>
    public int StartSlackMinutes { get; set; } = 2;

    internal TimeSpan Lead => TimeSpan.FromMinutes(ActivationLeadMinutes);

    internal TimeSpan Grace => TimeSpan.FromMinutes(GraceMinutes);

    internal TimeSpan Quarantine => TimeSpan.FromDays(QuarantineDays);
}

internal sealed class SchedulingOptionsValidator(IHostEnvironment environment) : IValidateOptions<SchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingOptions o)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(baseUrl.Query))
        {
            failures.Add("Gateway:PublicBaseUrl must be an absolute http(s) URL without a query, such as https://meet.example.com.");
        }
        else if (ProductionSecrets.NotHttps(environment, baseUrl, "Gateway:PublicBaseUrl") is { } notHttps)
        {
            failures.Add(notHttps);
        }
        if (o.ActivationLeadMinutes is < 0 or > 1440)
        {
            failures.Add("Gateway:ActivationLeadMinutes must be between 0 and 1440.");
        }
        if (o.GraceMinutes is < 0 or > 1440)
        {
            failures.Add("Gateway:GraceMinutes must be between 0 and 1440.");
        }
        if (o.QuarantineDays is < 1 or > 3650)
        {
            failures.Add("Gateway:QuarantineDays must be between 1 and 3650.");
        }
        if (o.StartSlackMinutes is < 0 or > 60)
        {
            failures.Add("Gateway:StartSlackMinutes must be between 0 and 60.");
        }
        var util = PhoneNumberUtil.GetInstance();
        for (var i = 0; i < o.DialInNumbers.Count; i++)
        {
            var entry = o.DialInNumbers[i];
            var key = $"Gateway:DialInNumbers:{i}";
            if (string.IsNullOrWhiteSpace(entry.Country) || !util.GetSupportedRegions().Contains(entry.Country.ToUpperInvariant()))
            {
                failures.Add($"{key}:country must be an ISO 3166 region code such as US or DE.");
                continue;
            }
            try
            {
                var parsed = util.Parse(entry.Number, entry.Country.ToUpperInvariant());
                // "Possible" (the right length for the country), not "assigned": fictional 555 numbers must work in examples and tests.
                if (!util.IsPossibleNumber(parsed) || util.Format(parsed, PhoneNumberFormat.E164) != entry.Number)
                {
                    failures.Add($"{key}:number must be a valid number in E.164 form, such as +15557650000.");
                }
            }
            catch (NumberParseException)
            {
                failures.Add($"{key}:number must be a valid number in E.164 form, such as +15557650000.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
