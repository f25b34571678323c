using System.Globalization;
using IvrGateway.Infrastructure;
using IvrGateway.Scheduling;

namespace IvrGateway.Portal.Meetings;

/// <summary>Where a meeting is in its life, as the portal shows it.</summary>
public enum MeetingPhase
{
    Scheduled,
    CodeOpen,
    InProgress,
    Ended,
    Cancelled,
}

/// <summary>A meeting in a list: its times already in the organizer's zone.</summary>
public sealed record MeetingRow(string Id, string Title, string Day, string Start, string End, string Opens, MeetingPhase Phase, bool CanStart, int? Attended)
{
    public string Status => MeetingDisplay.StatusText(Phase);

    /// <summary>When the code opens, in the tense of the meeting's phase ("code open since 09:45" beside a Code open badge).</summary>
    public string CodeWhen => Phase switch
    {
        MeetingPhase.Scheduled => $"code opens at {Opens}",
        MeetingPhase.CodeOpen or MeetingPhase.InProgress => $"code open since {Opens}",
        MeetingPhase.Cancelled => "no code: cancelled",
        _ => $"code opened at {Opens}",
    };
}

/// <summary>Times in the organizer's zone and the words for a meeting's state, shared by the portal's meeting pages.</summary>
public static class MeetingDisplay
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    public static TimeZoneInfo Zone(string? ianaId) => TimeZones.FindIana(ianaId) ?? TimeZoneInfo.Utc;

    public static DateTimeOffset Local(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone);

    /// <summary><c>09:45</c>, or <c>Wed 17 Jun 09:45</c> when the instant falls on another day than <paramref name="day"/>.</summary>
    public static string Time(DateTimeOffset instant, TimeZoneInfo zone, DateTimeOffset? day = null)
    {
        var local = Local(instant, zone);
        return day is { } d && Local(d, zone).Date != local.Date
            ? local.ToString("ddd d MMM HH:mm", English)
            : local.ToString("HH:mm", English);
    }

    /// <summary><c>Tuesday 16 June 2099</c>.</summary>
    public static string Day(DateTimeOffset instant, TimeZoneInfo zone) => Local(instant, zone).ToString("dddd d MMMM yyyy", English);

    /// <summary>"code opens at 09:45, closes at 11:15".</summary>
    public static string Window(Meeting m, TimeZoneInfo zone) =>
        $"code opens at {Time(m.ActiveFrom, zone, m.Start)}, closes at {Time(m.ActiveUntil, zone, m.Start)}";

    public static MeetingPhase Phase(Meeting m, DateTimeOffset now) =>
        m.Status == MeetingStatus.Cancelled ? MeetingPhase.Cancelled
        : now >= m.End ? MeetingPhase.Ended
        : now >= m.Start ? MeetingPhase.InProgress
        : now >= m.ActiveFrom ? MeetingPhase.CodeOpen
        : MeetingPhase.Scheduled;

    /// <summary>The code works now: the link to the live roster is offered.</summary>
    public static bool InWindow(Meeting m, DateTimeOffset now) =>
        m.Status == MeetingStatus.Scheduled && now >= m.ActiveFrom && now < m.ActiveUntil;

    public static string StatusText(MeetingPhase phase) => phase switch
    {
        MeetingPhase.CodeOpen => "Code open",
        MeetingPhase.InProgress => "In progress",
        MeetingPhase.Ended => "Ended",
        MeetingPhase.Cancelled => "Cancelled",
        _ => "Scheduled",
    };

    public static MeetingRow Row(Meeting m, TimeZoneInfo zone, DateTimeOffset now, int? attended = null)
    {
        var phase = Phase(m, now);
        return new MeetingRow(m.Id, m.Title, Day(m.Start, zone), Time(m.Start, zone), Time(m.End, zone, m.Start), Time(m.ActiveFrom, zone, m.Start), phase,
            phase is MeetingPhase.Scheduled or MeetingPhase.CodeOpen or MeetingPhase.InProgress, attended);
    }

    /// <summary>Midnight starting the organizer's day that holds <paramref name="now"/>, and the next one.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Today(DateTimeOffset now, TimeZoneInfo zone)
    {
        var midnight = Local(now, zone).Date;
        var next = midnight.AddDays(1);
        return (new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)), new DateTimeOffset(next, zone.GetUtcOffset(next)));
    }

    /// <summary>A page number from the query string: anything but 1 to 1000 reads as the first page.</summary>
    public static int PageNumber(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1000 ? n : 1;
}

/// <summary>A form's field errors by the form's own field names, in the order found, for the summary and for each field.</summary>
public sealed class FormErrors
{
    private readonly List<(string Field, string Message)> errors = [];

    public bool Any => errors.Count > 0;

    public IReadOnlyList<(string Field, string Message)> All => errors;

    public void Add(string field, string message)
    {
        if (!errors.Contains((field, message)))
        {
            errors.Add((field, message));
        }
    }

    public string? For(string field) =>
        errors.Where(e => e.Field == field).Select(e => e.Message).ToList() is { Count: > 0 } messages ? string.Join(" ", messages) : null;

    /// <summary><c>aria-invalid</c>: "true" on a field with an error, absent otherwise.</summary>
    public string? Invalid(string field) => For(field) is null ? null : "true";

    /// <summary><c>aria-describedby</c>: the field's error (<c>field-error</c>) and its help, when they are shown.</summary>
    public string? DescribedBy(string field, string? helpId = null)
    {
        var ids = new[] { For(field) is null ? null : field + "-error", helpId }.OfType<string>().ToList();
        return ids.Count == 0 ? null : string.Join(' ', ids);
    }
}
