using IvrGateway.Codes;
using IvrGateway.Voice.Flow;
using IvrGateway.Voice.State;

namespace IvrGateway.Voice.Steps;

/// <summary>
/// The security passcode, shared or unique, after an accepted access code. Star (then pound)
/// leads the organizer to the host PIN; <c>*PIN</c> in one go works too.
/// </summary>
public sealed class PasscodeStep(IvrFlow flow, CallerShardStore calls, Admitter admitter, SecretHasher hasher) : IFlowStep
{
    public StepType Type => StepType.Passcode;

    public async Task<StepAnswer> AnswerAsync(StepContext context, CancellationToken ct)
    {
        var typed = context.Request.Digits ?? "";
        if (Digits.IsEmpty(typed))
        {
            return await RetryAsync(context, Outcomes.NoInput, "noInput", ct);
        }
        if (typed.StartsWith('*'))
        {
            var pin = typed[1..];
            if (pin.Length == 0)
            {
                var hostPin = flow.Next(context.Step, "organizer");
                return await context.RecordAsync(calls, new StepRecord(context.Step.Name, Verdict.Proceed, context.Event(Outcomes.Organizer),
                        NextStep: hostPin.Name),
                    () => context.Twiml.Ask(hostPin, context.SlotId, context.OrganizerId), context.Apology, ct);
            }
            if (!Digits.AreAll(pin, Digits.MaxPasscodeLength))
            {
                return await RetryAsync(context, Outcomes.BadFormat, "wrongHostPin", ct);
            }
            return await admitter.HostAsync(context, hasher.HostPin(context.OrganizerId!, pin), ct);
        }
        if (!Digits.AreAll(typed, Digits.MaxPasscodeLength))
        {
            return await RetryAsync(context, Outcomes.BadFormat, "wrongPasscode", ct);
        }
        return await admitter.AdmitAsync(context, AdmissionKind.Passcode, hasher.Passcode(context.SlotId!, typed), Outcomes.WrongPasscode, "wrongPasscode", ct);
    }

    private Task<StepAnswer> RetryAsync(StepContext context, string outcome, string prompt, CancellationToken ct) =>
        context.RecordAsync(calls, new StepRecord(context.Step.Name, Verdict.Retry, context.Event(outcome), context.Step.Tries),
            context.Apology, () => context.Twiml.Ask(context.Step, context.SlotId, context.OrganizerId, prompt), ct);
}
