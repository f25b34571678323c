using IvrGateway.Voice.Flow;
using IvrGateway.Voice.State;

namespace IvrGateway.Voice.Steps;

/// <summary>
/// For meetings without a passcode: "if you are the organizer, press star". Star leads to the
/// host PIN; silence (or any other key) joins the caller as a participant.
/// </summary>
public sealed class OrganizerOfferStep(IvrFlow flow, CallerShardStore calls, Admitter admitter) : IFlowStep
{
    public StepType Type => StepType.OrganizerOffer;

    public async Task<StepAnswer> AnswerAsync(StepContext context, CancellationToken ct)
    {
        if ((context.Request.Digits ?? "").StartsWith('*'))
        {
            var hostPin = flow.Next(context.Step, "organizer");
            return await context.RecordAsync(calls, new StepRecord(context.Step.Name, Verdict.Proceed, context.Event(Outcomes.Organizer), NextStep: hostPin.Name),
                () => context.Twiml.Ask(hostPin, context.SlotId, context.OrganizerId), context.Apology, ct);
        }
        return await admitter.GuestAsync(context, ct);
    }
}
