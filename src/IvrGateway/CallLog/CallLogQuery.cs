using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IvrGateway.Infrastructure;
using IvrGateway.Voice;
using IvrGateway.Voice.State;

namespace IvrGateway.CallLog;

/// <summary>A position in the call log: newest first by (time, sequence, shard).</summary>
public readonly record struct CallLogCursor(long Milliseconds, long Sequence, int Shard) : IComparable<CallLogCursor>
{
    public int CompareTo(CallLogCursor other) =>
        Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds)
        : Sequence != other.Sequence ? Sequence.CompareTo(other.Sequence)
        : Shard.CompareTo(other.Shard);

    public string StreamId => $"{Milliseconds}-{Sequence}";

    public string Encode() => Convert.ToBase64String(Encoding.ASCII.GetBytes($"{Milliseconds}-{Sequence}-{Shard}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static CallLogCursor? Decode(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return null;
        }
        try
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(padded)).Split('-');
            return parts.Length == 3
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
                && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var shard) && shard is >= 0 and < CallShard.Count
                ? new CallLogCursor(ms, seq, shard)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static CallLogCursor Parse(string streamId, int shard)
    {
        var dash = streamId.IndexOf('-', StringComparison.Ordinal);
        return new CallLogCursor(long.Parse(streamId[..dash], CultureInfo.InvariantCulture), long.Parse(streamId[(dash + 1)..], CultureInfo.InvariantCulture), shard);
    }
}

/// <summary>
/// What ops ask the call log: ended calls, newest first, by when they ended (since inclusive,
/// until exclusive), meeting, caller number and outcome, a page at a time.
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

    public bool Matches(CallRecord record) =>
        (MeetingId is null || record.MeetingId == MeetingId)
        && (Caller is null || record.From == Caller)
        && (Outcome is null || record.Had(Outcome));

    /// <summary>Reads the query string; a wrong parameter is named in a 400.</summary>
    public static (CallLogQuery? Query, IResult? Problem) Parse(HttpRequest request, bool paged)
    {
        var q = request.Query;
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
            ? (null, errors.ToResult())
            : (new CallLogQuery(since, until, meetingId, string.IsNullOrEmpty(caller) ? null : caller.Trim(), outcome, cursor, limit), null);
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

public sealed record CallLogPage(IReadOnlyList<CallRecord> Calls, string? NextCursor);
