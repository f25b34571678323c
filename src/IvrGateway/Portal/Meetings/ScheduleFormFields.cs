using System.Globalization;
using IvrGateway.Infrastructure;

namespace IvrGateway.Portal.Meetings;

/// <summary>
/// The schedule and reschedule forms' own fields (a date, a time and a zone where the domain takes one ISO instant), and the
/// domain's field names and messages said in the form's words.
/// </summary>
internal static class ScheduleFormFields
{
    public const int MaxTextLength = 300;

    private static readonly Lazy<IReadOnlyList<string>> Zones = new(() =>
        TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId).Select(z => z.Id)
            .Where(id => id.Contains('/', StringComparison.Ordinal) || id == "UTC")
            .Order(StringComparer.Ordinal).ToList());

    /// <summary>IANA zones for the select, with <paramref name="current"/> among them even if the system lists it under another name.</summary>
    public static IReadOnlyList<string> TimeZoneChoices(string? current) =>
        current is not null && TimeZones.FindIana(current) is not null && !Zones.Value.Contains(current) ? [current, .. Zones.Value] : Zones.Value;

    /// <summary>
    /// The start as the domain reads it (ISO 8601 with the zone's offset at that local time), or null with the problems
    /// added under <c>date</c>, <c>time</c> and <c>timeZone</c>.
    /// </summary>
    public static string? Start(string? date, string? time, string? timeZone, FormErrors errors)
    {
        DateOnly? day = null;
        TimeOnly? clock = null;
        if (string.IsNullOrWhiteSpace(date))
        {
            errors.Add("date", "Enter the date of the meeting.");
        }
        else if (DateOnly.TryParseExact(date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            // Far-off years stay out of DateTimeOffset's edges; the scheduler would refuse them anyway.
            if (d.Year < 2000)
            {
                errors.Add("date", "The date and time are in the past.");
            }
            else if (d.Year > 9000)
            {
                errors.Add("date", "The meeting may start at most two years ahead.");
            }
            else
            {
                day = d;
            }
        }
        else
        {
            errors.Add("date", "Enter the date as year-month-day, such as 2026-12-01.");
        }
        if (string.IsNullOrWhiteSpace(time))
        {
            errors.Add("time", "Enter the time the meeting starts.");
        }
        else if (TimeOnly.TryParseExact(time.Trim(), ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            clock = t;
        }
        else
        {
            errors.Add("time", "Enter the time as hours and minutes, such as 09:30.");
        }
        var zone = TimeZones.FindIana(timeZone);
        if (zone is null)
        {
            errors.Add("timeZone", "Choose a time zone from the list.");
        }
        if (day is null || clock is null || zone is null)
        {
            return null;
        }
        var local = day.Value.ToDateTime(clock.Value, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            errors.Add("time", $"{clock.Value:HH:mm} does not exist on that day in {zone.Id}: the clocks go forward. Choose another time.");
            return null;
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    /// <summary>Minutes from the form; null (with a problem) when it is not a number.</summary>
    public static int? Duration(string? text, FormErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add("duration", "Enter how long the meeting lasts, in minutes.");
            return null;
        }
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
        {
            errors.Add("duration", "Enter the duration as a whole number of minutes, such as 30.");
            return null;
        }
        return minutes;
    }

    /// <summary>Adds the domain's problems under the form's field names, in the form's words, unless the form already reported that field.</summary>
    public static void AddDomain(FormErrors errors, IReadOnlyDictionary<string, string[]> domain)
    {
        var reported = errors.All.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, messages) in domain)
        {
            var field = FormField(key);
            // The form's date, time and zone make the domain's one start: a problem with any of them is the start's.
            if (reported.Contains(field) || (key == "start" && (reported.Contains("time") || reported.Contains("timeZone"))))
            {
                continue;
            }
            foreach (var message in messages)
            {
                errors.Add(field, Reword(field, message));
            }
        }
    }

    private static string FormField(string domainField) => domainField switch
    {
        "start" => "date",
        "durationMinutes" => "duration",
        "security.sharedPasscode" => "sharedPasscode",
        "security.oneTimeAccessCode" => "oneTimeAccessCode",
        "security.passcodeMode" => "passcodeMode",
        _ when domainField.StartsWith("invitees", StringComparison.Ordinal) || domainField.StartsWith("contactIds", StringComparison.Ordinal) => "invitees",
        _ => domainField,
    };

    private static string Reword(string field, string message) => (field, message) switch
    {
        ("date", "start is in the past.") => "The date and time are in the past.",
        ("date", "start may be at most two years ahead.") => "The meeting may start at most two years ahead.",
        ("duration", _) when message.StartsWith("durationMinutes must be between", StringComparison.Ordinal) =>
            "The duration must be between 1 and 1440 minutes (24 hours).",
        ("timeZone", _) => "Choose a time zone from the list.",
        ("sharedPasscode", "A shared passcode is required when passcodeMode is shared.") => "Enter the shared passcode, or choose another passcode option.",
        _ => message,
    };
}
