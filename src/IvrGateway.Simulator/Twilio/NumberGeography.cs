namespace IvrGateway.Simulator.Twilio;

/// <summary>What Twilio's number lookup would put in the geography fields: plausible, not exhaustive.</summary>
internal sealed record NumberGeography(string Country, string State, string City, string Zip)
{
    private static readonly NumberGeography Unknown = new("", "", "", "");

    private static readonly Dictionary<string, NumberGeography> NorthAmericanAreas = new()
    {
        ["202"] = new("US", "DC", "WASHINGTON", "20004"),
        ["212"] = new("US", "NY", "NEW YORK", "10001"),
        ["312"] = new("US", "IL", "CHICAGO", "60601"),
        ["415"] = new("US", "CA", "SAN FRANCISCO", "94103"),
        ["617"] = new("US", "MA", "BOSTON", "02108"),
    };

    private static readonly (string Prefix, string Country)[] Countries =
        [("+44", "GB"), ("+33", "FR"), ("+49", "DE"), ("+31", "NL"), ("+61", "AU"), ("+1", "US")];

    /// <summary>Numbers that are not E.164 (<c>anonymous</c>, <c>client:alice</c>) have no geography, as with Twilio.</summary>
    public static NumberGeography Of(string number)
    {
        if (number.StartsWith("+1", StringComparison.Ordinal) && number.Length >= 5 &&
            NorthAmericanAreas.TryGetValue(number.Substring(2, 3), out var area))
        {
            return area;
        }
        foreach (var (prefix, country) in Countries)
        {
            if (number.StartsWith(prefix, StringComparison.Ordinal))
            {
                return Unknown with { Country = country };
            }
        }
        return Unknown;
    }
}
