using IvrGateway.Scheduling;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace IvrGateway.Conferences;

/// <summary>
/// Where Call me may ring. Call me dials whatever number the organizer types, at the service's cost, so a stolen portal
/// session is a way to place toll calls: the countries are limited, and premium-rate numbers are never rung.
/// </summary>
public sealed class CallMeOptions
{
    public const string SectionName = "CallMe";

    /// <summary>ISO 3166 region codes (US, DE…) Call me may ring. Empty: the countries of <c>Gateway:DialInNumbers</c>.</summary>
    public List<string> AllowedCountries { get; set; } = [];
}

internal sealed class CallMeOptionsValidator : IValidateOptions<CallMeOptions>
{
    public ValidateOptionsResult Validate(string? name, CallMeOptions options)
    {
        var supported = PhoneNumberUtil.GetInstance().GetSupportedRegions();
        var failures = options.AllowedCountries
            .Select((country, i) => (country, i))
            .Where(c => string.IsNullOrWhiteSpace(c.country) || !supported.Contains(c.country.Trim().ToUpperInvariant()))
            .Select(c => $"CallMe:AllowedCountries:{c.i} must be an ISO 3166 region code such as US or DE.")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Which numbers Call me may ring (<see cref="CallMeOptions"/>).</summary>
internal sealed class CallMeDestinations(IOptions<CallMeOptions> options, IOptions<SchedulingOptions> scheduling)
{
    // Numbers whose caller pays someone else per minute: the point of toll fraud.
    private static readonly HashSet<PhoneNumberType> Refused = [PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST];

    public IReadOnlySet<string> AllowedCountries { get; } = (options.Value.AllowedCountries.Count > 0
            ? options.Value.AllowedCountries
            : scheduling.Value.DialInNumbers.Select(n => n.Country))
        .Select(c => c.Trim().ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);

    /// <summary>Why Call me must not ring this E.164 number, or null when it may.</summary>
    public string? Refusal(string e164)
    {
        var util = PhoneNumberUtil.GetInstance();
        PhoneNumber parsed;
        try
        {
            parsed = util.Parse(e164, null);
        }
        catch (NumberParseException)
        {
            return "That is not a phone number Call me can ring.";
        }
        // A number no region claims (fictional 555 numbers among them) belongs to its calling code's main country.
        var region = util.GetRegionCodeForNumber(parsed) ?? util.GetRegionCodeForCountryCode(parsed.CountryCode);
        if (!AllowedCountries.Contains(region))
        {
            return $"Call me can only ring numbers in {string.Join(", ", AllowedCountries.Order(StringComparer.Ordinal).Select(CountryName))}; " +
                "dial in with your host PIN from anywhere else.";
        }
        return Refused.Contains(util.GetNumberType(parsed))
            ? "Call me does not ring premium-rate or shared-cost numbers; dial in with your host PIN instead."
            : null;
    }

    private static string CountryName(string code)
    {
        try
        {
            return new System.Globalization.RegionInfo(code).EnglishName;
        }
        catch (ArgumentException)
        {
            return code;
        }
    }
}
