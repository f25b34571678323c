using IvrGateway.Codes;
using IvrGateway.Infrastructure.Security;
using IvrGateway.Voice.State;
using Microsoft.Extensions.Options;
using Twilio.TwiML;

namespace IvrGateway.Voice.Steps;

/// <summary>
/// The last part of every way in: admit the caller in the code's slot, then record the outcome in
/// the caller's shard, then bridge. Two round trips, one per slot.
/// </summary>
public sealed class Admitter(AccessSlotStore slots, CallerShardStore calls, FailureRateAlarm alarm, SecurityEventLog securityEvents,
    IOptions<BruteForceOptions> bruteForce, IOptions<VoiceOptions> voice, ILogger<Admitter> logger)
{
    private PasscodeGuard Guard
    {
        get
        {
            var o = bruteForce.Value;
            return new PasscodeGuard(o.MeetingFailures, TimeSpan.FromMinutes(o.MeetingWindowMinutes), TimeSpan.FromMinutes(o.MeetingLockMinutes),
                TimeSpan.FromSeconds(voice.Value.UnjoinedLabelSeconds));
        }
    }

    /// <summary>Admits a caller that needs no secret (a meeting without a passcode).</summary>
    public Task<VoiceResponse> GuestAsync(StepContext context, CancellationToken ct) =>
        AdmitAsync(context, AdmissionKind.Guest, "", wrongOutcome: Outcomes.WrongPasscode, wrongPrompt: "wrongPasscode", ct);

    /// <summary>
    /// Admits with a secret (passcode or host PIN), counting a wrong one against the caller and,
    /// for passcodes, against the meeting.
    /// </summary>
    public async Task<VoiceResponse> AdmitAsync(StepContext context, AdmissionKind kind, string secretHash, string wrongOutcome, string wrongPrompt,
        CancellationToken ct, bool spendsLookup = false)
    {
        var request = context.Request;
        var admission = await slots.AdmitAsync(context.SlotId!,
            new AdmissionRequest(kind, request.CallSid!, request.From, request.IdempotencyToken, secretHash, context.GuestLabel()), Guard, context.Now, ct);
        switch (admission.Result)
        {
            case AdmissionResult.Admitted:
                if (admission.Copy >= 2 && admission.ContactId is not null)
                {
                    logger.LogWarning("Call {CallSid}: a unique passcode is in use by {Copies} callers at once in meeting {MeetingId}",
                        request.CallSid, admission.Copy, admission.MeetingId);
                    securityEvents.Record(SecurityEventKind.UniquePasscodeShared, context.Now, request.CallSid, request.From, admission.MeetingId,
                        $"{admission.Label} joined while the passcode's earlier holder was still in the meeting");
                }
                var verdict = await calls.StepAsync(request, new StepRecord(context.Step.Name, Verdict.Proceed,
                    context.Event(admission.IsHost ? Outcomes.Host : Outcomes.Bridged, admission: admission), SpendsLookup: spendsLookup,
                    NextStep: CallerShardStore.BridgedStep,
                    Facts: new CallFacts(SlotId: context.SlotId!, Role: admission.Role, Label: admission.Label, Conference: admission.Conference,
                        MeetingId: admission.MeetingId ?? "", ContactId: admission.ContactId ?? "", PasscodeKind: admission.PasscodeKind)), context.Now, ct);
                return context.Answer(verdict, () => context.Twiml.Bridge(admission, context.SlotId!), () => context.Twiml.Goodbye("apology"));

            case AdmissionResult.Wrong or AdmissionResult.WrongAndLocked:
                alarm.RecordFailure(context.Now);
                var locked = admission.Result == AdmissionResult.WrongAndLocked;
                if (locked)
                {
                    logger.LogWarning("Call {CallSid}: too many wrong passcodes; the meeting stops accepting passcodes for a while", request.CallSid);
                    securityEvents.Record(SecurityEventKind.MeetingPasscodeLocked, context.Now, request.CallSid, request.From, admission.MeetingId,
                        "too many wrong passcodes from any callers; passcodes refused for a while (the host PIN still works)");
                }
                var wrong = await calls.StepAsync(request, new StepRecord(context.Step.Name, Verdict.Retry, context.Event(wrongOutcome),
                    context.Step.Tries, CountsAsFailure: kind != AdmissionKind.Guest, SpendsLookup: spendsLookup), context.Now, ct);
                return context.Answer(wrong, () => context.Twiml.Goodbye("apology"),
                    () => context.Twiml.Ask(context.Step, context.SlotId, context.OrganizerId, locked ? "passcodeLocked" : wrongPrompt));

            case AdmissionResult.Locked:
                // The meeting is protected; the caller is not blamed, but the try is used, and the
                // organizer can still press star for the host PIN.
                var held = await calls.StepAsync(request, new StepRecord(context.Step.Name, Verdict.Retry, context.Event(Outcomes.PasscodeLocked),
                    context.Step.Tries), context.Now, ct);
                return context.Answer(held, () => context.Twiml.Goodbye("apology"),
                    () => context.Twiml.Ask(context.Step, context.SlotId, context.OrganizerId, "passcodeLocked"));

            default:
                var outcome = admission.Result == AdmissionResult.Full ? Outcomes.Full : Outcomes.Gone;
                await calls.StepAsync(request, new StepRecord(context.Step.Name, Verdict.End, context.Event(outcome), SpendsLookup: spendsLookup), context.Now, ct);
                return context.Twiml.Goodbye(admission.Result == AdmissionResult.Full ? "apology" : "expired");
        }
    }
}
