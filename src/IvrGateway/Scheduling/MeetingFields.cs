using System.Globalization;
using System.Text.RegularExpressions;

namespace IvrGateway.Scheduling;

/// <summary>The limits and parsing rules of a meeting's fields.</summary>
internal static partial class MeetingFields
{
    public const int MaxTitleLength = 200;
    public const int MaxDurationMinutes = 1440;

    /// <summary>Twilio conferences hold at most 250 participants.</summary>
    public const int MaxInvitees = 250;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoWithOffset();

    /// <summary>An ISO 8601 instant that says its offset; a local time without one is ambiguous and refused.</summary>
    public static DateTimeOffset? ParseStart(string? text) =>
        text is not null && IsoWithOffset().IsMatch(text) &&
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : null;

    public static string? TitleProblem(string? title) =>
        string.IsNullOrWhiteSpace(title) ? "A title is required."
        : title.Trim().Length > MaxTitleLength ? $"A title may be at most {MaxTitleLength} characters."
        : title.Any(char.IsControl) ? "A title may not contain control characters."
        : null;

    public static string? DurationProblem(int? minutes) =>
        minutes is null ? "durationMinutes is required."
        : minutes is < 1 or > MaxDurationMinutes ? $"durationMinutes must be between 1 and {MaxDurationMinutes}."
        : null;
}
