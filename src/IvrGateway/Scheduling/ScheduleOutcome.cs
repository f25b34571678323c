namespace IvrGateway.Scheduling;

/// <summary>What a scheduling command came to, in domain terms; the endpoint maps it to HTTP.</summary>
internal abstract record ScheduleOutcome
{
    private ScheduleOutcome()
    {
    }

    /// <summary>The meeting as it is now stored.</summary>
    public sealed record Scheduled(Meeting Meeting) : ScheduleOutcome;

    /// <summary>The request's fields, by name as the client sent them (<c>security.sharedPasscode</c>, <c>invitees[2]</c>).</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : ScheduleOutcome;

    /// <summary>No such meeting for this organizer (another organizer's meeting is not revealed).</summary>
    public sealed record NotFound(string Reason) : ScheduleOutcome;

    /// <summary>The meeting's state or a concurrent change forbids the command.</summary>
    public sealed record Conflict(string Reason) : ScheduleOutcome;

    public static implicit operator ScheduleOutcome(Meeting meeting) => new Scheduled(meeting);
}
