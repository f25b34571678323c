using IvrGateway.Infrastructure.Security;
using IvrGateway.Voice.State;
using Twilio.TwiML;

namespace IvrGateway.Voice.Steps;

/// <summary>
/// The last part of every way in: admit the caller in the code's slot, then record the outcome in
/// the caller's shard, then bridge. Two round trips, one per slot.
/// </summary>
public sealed class Admitter(AdmissionStore admissions, CallStateStore calls, FailureRateAlarm alarm, SecurityEventLog securityEvents, ILogger<Admitter> logger)
{
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
        var admission = await admissions.AdmitAsync(context.Tag!, kind, request.CallSid!, request.From, request.IdempotencyToken,
            secretHash, context.GuestLabel(), context.Now, ct);
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
                var verdict = await calls.StepAsync(request, new StepRecord(context.Step.Name, StepKind.Proceed,
                    context.Event(admission.IsHost ? Outcomes.Host : Outcomes.Bridged, admission: admission), SpendsLookup: spendsLookup, NextStep: "bridged",
                    State:
                    [
                        new("tag", context.Tag!), new("role", admission.Role), new("label", admission.Label), new("conf", admission.Conference),
                        new("mtg", admission.MeetingId ?? ""), new("contact", admission.ContactId ?? ""), new("pkind", admission.PasscodeKind),
                    ]), context.Now, ct);
                return context.Answer(verdict, () => context.Twiml.Bridge(admission, context.Tag!), () => context.Twiml.Goodbye("apology"));

            case AdmissionResult.Wrong or AdmissionResult.WrongAndLocked:
                alarm.RecordFailure(context.Now);
                var locked = admission.Result == AdmissionResult.WrongAndLocked;
                if (locked)
                {
                    logger.LogWarning("Call {CallSid}: too many wrong passcodes; the meeting stops accepting passcodes for a while", request.CallSid);
                    securityEvents.Record(SecurityEventKind.MeetingPasscodeLocked, context.Now, request.CallSid, request.From, admission.MeetingId,
                        "too many wrong passcodes from any callers; passcodes refused for a while (the host PIN still works)");
                }
                var wrong = await calls.StepAsync(request, new StepRecord(context.Step.Name, StepKind.Retry, context.Event(wrongOutcome),
                    context.Step.Tries, CountsAsFailure: kind != AdmissionKind.Guest, SpendsLookup: spendsLookup), context.Now, ct);
                return context.Answer(wrong, () => context.Twiml.Goodbye("apology"),
                    () => context.Twiml.Ask(context.Step, context.Tag, context.OrganizerId, locked ? "passcodeLocked" : wrongPrompt));

            case AdmissionResult.Locked:
                // The meeting is protected; the caller is not blamed, but the try is used, and the
                // organizer can still press star for the host PIN.
                var held = await calls.StepAsync(request, new StepRecord(context.Step.Name, StepKind.Retry, context.Event(Outcomes.PasscodeLocked),
                    context.Step.Tries), context.Now, ct);
                return context.Answer(held, () => context.Twiml.Goodbye("apology"),
                    () => context.Twiml.Ask(context.Step, context.Tag, context.OrganizerId, "passcodeLocked"));

            default:
                var outcome = admission.Result == AdmissionResult.Full ? Outcomes.Full : Outcomes.Gone;
                await calls.StepAsync(request, new StepRecord(context.Step.Name, StepKind.End, context.Event(outcome), SpendsLookup: spendsLookup), context.Now, ct);
                return context.Twiml.Goodbye(admission.Result == AdmissionResult.Full ? "apology" : "expired");
        }
    }
}
