using System.Text.RegularExpressions;
using IvrGateway.Codes;
using IvrGateway.Voice.Flow;
using IvrGateway.Voice.State;
using IvrGateway.Voice.Twilio;
using IvrGateway.Voice.Twiml;

namespace IvrGateway.Voice.Steps;

/// <summary>Everything a step needs about the request it answers.</summary>
public sealed partial record StepContext(VoiceRequest Request, FlowStep Step, CallTwiml Twiml, DateTimeOffset Now, string? SlotId, string? OrganizerId)
{
    /// <summary>The step's event for the call log, with the details that matter for this outcome.</summary>
    public CallEvent Event(string outcome, string? meetingId = null, Admission? admission = null) =>
        new(Now, Step.Name, outcome, meetingId ?? admission?.MeetingId, admission?.Role, admission?.Label, admission?.Conference);

    /// <summary>The common answers to a recorded step; <paramref name="onProceed"/> and <paramref name="onRetry"/> are the step's own.</summary>
    public StepAnswer Answer(Verdict verdict, Func<StepAnswer> onProceed, Func<StepAnswer> onRetry) => verdict switch
    {
        Verdict.Proceed => onProceed(),
        Verdict.Retry => onRetry(),
        Verdict.TooManyTries => new(Twiml.GoodbyeXml("tooManyTries")),
        Verdict.Locked => new(Twiml.GoodbyeXml("lockedOut")),
        // An unknown call or a step out of order: a polite end, never an error.
        _ => Apology(),
    };

    /// <summary>The apology as an answer, rendered once per locale: most steps hand it to the shard for one verdict or another.</summary>
    public StepAnswer Apology() => new(Twiml.GoodbyeXml("apology"));

    /// <summary>
    /// Records the step in the caller's shard with the answer to every verdict rendered up front, so the shard keeps the
    /// one that holds for this (step, attempt): a replay hears the same TwiML. The answer the shard returns is sent.
    /// </summary>
    public async Task<StepAnswer> RecordAsync(CallerShardStore calls, StepRecord record, Func<StepAnswer> onProceed, Func<StepAnswer> onRetry,
        CancellationToken ct)
    {
        // The goodbyes are the ones Answer gives for these verdicts, as text rendered once per locale.
        var answers = new StepAnswers(onProceed().Xml, onRetry().Xml, Twiml.GoodbyeXml("tooManyTries"),
            Twiml.GoodbyeXml("lockedOut"), Twiml.GoodbyeXml("apology"));
        var reply = await calls.RecordAsync(Request, record, answers, Now, ct);
        return reply.StoredAnswer is { } xml ? new StepAnswer(xml) : Answer(reply.Verdict, onProceed, onRetry);
    }

    /// <summary>What this try's member is in every failure counter: a replayed request is the same member, counted once.</summary>
    public string AttemptMember => $"{Request.CallSid}:{Step.Name}:{Request.Attempt}";

    /// <summary>How a guest (no address-book identity) is named: by the last digits of the number.</summary>
    public string GuestLabel()
    {
        // The number as Twilio sent it: a label, not an identity (an unattested number may be spoofed).
        var from = Request.From;
        return from.Length >= 4 && from.StartsWith('+') && from[1..].All(char.IsAsciiDigit) ? "Caller " + from[^4..] : "Caller";
    }

    internal static bool IsSlotId(string? value) => value is not null && SlotIdPattern().IsMatch(value);

    internal static bool IsOrganizerId(string? value) => value is not null && OrganizerPattern().IsMatch(value);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex SlotIdPattern();

    [GeneratedRegex("^org_[a-z0-9]{8,32}$")]
    private static partial Regex OrganizerPattern();
}

/// <summary>One kind of step of the flow.</summary>
public interface IFlowStep
{
    StepType Type { get; }

    Task<StepAnswer> AnswerAsync(StepContext context, CancellationToken ct);
}
