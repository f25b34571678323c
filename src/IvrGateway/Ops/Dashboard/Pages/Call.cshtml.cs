using System.Text.RegularExpressions;
using IvrGateway.CallLog;
using IvrGateway.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Ops.Dashboard.Pages;

/// <summary>One call, in progress or ended: its steps, its time in the conference, how it ended.</summary>
public sealed partial class CallModel(CallLogStore store) : PageModel
{
    public string CallSid { get; private set; } = "";

    public CallRecord? Call { get; private set; }

    public string? Problem { get; private set; }

    public bool InProgress => Call?.Status == CallRecord.InProgressStatus;

    /// <summary>
    /// The flow's steps with what Twilio's callbacks added (conference join and leave, the hang-up),
    /// in time order, so the whole call reads top to bottom.
    /// </summary>
    public IReadOnlyList<TimelineEntry> Timeline => Call is not { } c ? [] :
        c.Steps.Select(s => new TimelineEntry(s.At, s.Step, s.Outcome, s.MeetingId, s.Label, s.Role, FromCallback: false))
            .Concat(c.JoinedAt is { } joined ? [new TimelineEntry(joined, "conference", "joined", c.MeetingId, c.DisplayName, c.Role, FromCallback: true)] : [])
            .Concat(c.LeftAt is { } left ? [new TimelineEntry(left, "conference", "left", c.MeetingId, c.DisplayName, c.Role, FromCallback: true)] : [])
            .Concat(c.EndedAt is { } ended ? [new TimelineEntry(ended, "hang-up", c.Status, null, null, null, FromCallback: true)] : [])
            .OrderBy(e => e.At)
            .ToList();

    /// <summary>Seconds from the join callback to the leave callback; none while the caller is still in the conference.</summary>
    public double? ConferenceSeconds => Call is { JoinedAt: { } joined, LeftAt: { } left } ? (left - joined).TotalSeconds : null;

    public async Task OnGetAsync(string callSid)
    {
        CallSid = callSid;
        if (!CallSidPattern().IsMatch(callSid))
        {
            Problem = "A call SID is CA followed by 32 hexadecimal digits.";
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        try
        {
            Call = await store.FindAsync(callSid, HttpContext.RequestAborted);
        }
        catch (StoreUnavailableException)
        {
            Problem = "Redis is unavailable: this call cannot be read right now. Try again shortly.";
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        if (Call is null)
        {
            Problem = "No call with this SID in the call log (records are kept for a limited time).";
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    [GeneratedRegex("^CA[0-9a-fA-F]{32}$")]
    private static partial Regex CallSidPattern();
}

/// <summary>One line of a call's timeline; <see cref="FromCallback"/> marks what Twilio reported rather than a flow step.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Step, string Outcome, string? MeetingId, string? Label, string? Role, bool FromCallback);
