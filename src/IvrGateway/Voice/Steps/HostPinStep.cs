using IvrGateway.Codes;
using IvrGateway.Voice.Flow;
using IvrGateway.Voice.State;

namespace IvrGateway.Voice.Steps;

/// <summary>The organizer's host PIN: valid only for that organizer's meetings, and never needs the passcode.</summary>
public sealed class HostPinStep(CallerShardStore calls, Admitter admitter, SecretHasher hasher) : IFlowStep
{
    public StepType Type => StepType.HostPin;

    public async Task<StepAnswer> AnswerAsync(StepContext context, CancellationToken ct)
    {
        var typed = context.Request.Digits ?? "";
        if (!Digits.AreAll(typed, Digits.MaxPasscodeLength))
        {
            var outcome = Digits.IsEmpty(typed) ? Outcomes.NoInput : Outcomes.BadFormat;
            return await context.RecordAsync(calls, new StepRecord(context.Step.Name, Verdict.Retry, context.Event(outcome), context.Step.Tries),
                context.Apology,
                () => context.Twiml.Ask(context.Step, context.SlotId, context.OrganizerId, Digits.IsEmpty(typed) ? "noInput" : "wrongHostPin"), ct);
        }
        return await admitter.HostAsync(context, hasher.HostPin(context.OrganizerId!, typed), ct);
    }
}
