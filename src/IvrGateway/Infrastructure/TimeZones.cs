namespace IvrGateway.Infrastructure;

public static class TimeZones
{
    /// <summary>An IANA time zone (America/New_York); Windows names are refused so stored data is portable.</summary>
    public static TimeZoneInfo? FindIana(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return null;
        }
        return zone.HasIanaId ? zone : null;
    }

    public const string Problem = "Unknown time zone: use an IANA name such as America/New_York or Europe/Berlin.";
}
