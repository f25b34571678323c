using System.Globalization;
using System.Text.RegularExpressions;
using IvrGateway.Infrastructure;
using IvrGateway.Voice;

namespace IvrGateway.CallLog;

/// <summary>
/// What ops ask the call log: ended calls, newest first, by when they ended (since inclusive,
/// until exclusive), meeting, caller number and outcome, a page at a time; or, with
/// <c>status=in-progress</c>, the calls in progress right now (one page, newest step first).
/// </summary>
public sealed partial record CallLogQuery(
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    string? MeetingId,
    string? Caller,
    string? Outcome,
    CallLogCursor? Cursor,
    int Limit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public const string EndedStatus = "ended";

    /// <summary>Calls in progress rather than ended ones (<c>status=in-progress</c>).</summary>
    public bool InProgress { get; init; }

    public bool Matches(CallRecord record) =>
        (MeetingId is null || record.MeetingId == MeetingId)
        && (Caller is null || record.From == Caller)
        && (Outcome is null || record.Had(Outcome));

    /// <summary>Reads a query string (the API's or the dashboard's); every wrong parameter is named in the errors.</summary>
    internal static (CallLogQuery? Query, FieldErrors Errors) Parse(IQueryCollection q, bool paged)
    {
        var errors = new FieldErrors();
        var since = Instant(q["since"], "since", errors);
        var until = Instant(q["until"], "until", errors);
        if (since is not null && until is not null && until <= since)
        {
            errors.Add("until", "until must be after since.");
        }
        string? meetingId = q["meetingId"];
        if (meetingId is not null && !MeetingIdPattern().IsMatch(meetingId))
        {
            errors.Add("meetingId", "meetingId is a meeting id such as mtg_abcdefgh23456789.");
        }
        string? caller = q["caller"];
        if (caller is not null && (caller.Length is 0 or > 64))
        {
            errors.Add("caller", "caller is the caller's number as Twilio gives it, such as +12025550101.");
        }
        string? outcome = q["outcome"];
        if (outcome is not null && !Outcomes.All.Contains(outcome))
        {
            errors.Add("outcome", "Unknown outcome. Known outcomes: " + string.Join(", ", Outcomes.All) + ".");
        }
        string? status = q["status"];
        if (status is not null && status != CallRecord.InProgressStatus && status != EndedStatus)
        {
            errors.Add("status", $"status is {EndedStatus} (the default) or {CallRecord.InProgressStatus}.");
        }
        var inProgress = status == CallRecord.InProgressStatus;
        if (inProgress && q.ContainsKey("cursor"))
        {
            errors.Add("cursor", "Calls in progress are one page: cursor is for ended calls.");
        }
        CallLogCursor? cursor = null;
        var limit = DefaultLimit;
        if (paged)
        {
            if (q.ContainsKey("cursor"))
            {
                cursor = CallLogCursor.Decode(q["cursor"]);
                if (cursor is null)
                {
                    errors.Add("cursor", "cursor must be a nextCursor value from an earlier page.");
                }
            }
            if (q.ContainsKey("limit") && (!int.TryParse(q["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            {
                errors.Add("limit", $"limit must be between 1 and {MaxLimit}.");
            }
        }
        return errors.Any
            ? (null, errors)
            : (new CallLogQuery(since, until, meetingId, string.IsNullOrEmpty(caller) ? null : caller.Trim(), outcome, cursor, limit) { InProgress = inProgress }, errors);
    }

    private static DateTimeOffset? Instant(string? text, string field, FieldErrors errors)
    {
        if (text is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) && (text.EndsWith('Z') || OffsetPattern().IsMatch(text)))
        {
            return value;
        }
        errors.Add(field, $"{field} must be ISO 8601 with an offset, such as 2026-12-01T09:00:00-05:00.");
        return null;
    }

    [GeneratedRegex("^mtg_[a-z0-9]{4,36}$")]
    private static partial Regex MeetingIdPattern();

    [GeneratedRegex(@"[+-]\d{2}:\d{2}$")]
    private static partial Regex OffsetPattern();
}
