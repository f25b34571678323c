using IvrGateway.Codes;
using IvrGateway.Infrastructure.Security;
using IvrGateway.Voice.State;
using Microsoft.Extensions.Options;

namespace IvrGateway.Voice.Steps;

/// <summary>
/// The last part of every way in. First the caller's shard says whether this request is the call's
/// next one (a replay gets its stored answer, an old or forged one is refused) so that admission
/// never counts a request twice; then the host PIN is verified in the organizer's host-PIN slot (host
/// only); then the caller is admitted in the code's slot; then the outcome is recorded in the shard.
/// </summary>
public sealed class Admitter(AccessSlotStore slots, HostPinStore hostPins, CallerShardStore calls, FailureRateAlarm alarm, SecurityEventLog securityEvents,
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

    private HostPinGuard PinGuard
    {
        get
        {
            var o = bruteForce.Value;
            return new HostPinGuard(o.HostPinFailures, TimeSpan.FromMinutes(o.HostPinWindowMinutes), TimeSpan.FromMinutes(o.HostPinLockMinutes));
        }
    }

    /// <summary>Admits a caller that needs no secret (a meeting without a passcode).</summary>
    public Task<StepAnswer> GuestAsync(StepContext context, CancellationToken ct) =>
        AdmitAsync(context, AdmissionKind.Guest, "", wrongOutcome: Outcomes.WrongPasscode, wrongPrompt: "wrongPasscode", ct);

    /// <summary>
    /// The organizer's host PIN, checked in the organizer's host-PIN slot: a wrong one counts against the caller and the
    /// organizer (from any number, any code), never against the meeting's passcode protection.
    /// </summary>
    public async Task<StepAnswer> HostAsync(StepContext context, string pinHash, CancellationToken ct, bool spendsLookup = false)
    {
        if (await BeginAsync(context, ct) is { } refused)
        {
            return refused;
        }
        var request = context.Request;
        var organizerId = context.OrganizerId!;
        var verdict = await hostPins.VerifyAsync(organizerId, pinHash, context.AttemptMember, PinGuard, context.Now, ct);
        if (verdict == HostPinVerdict.Accepted)
        {
            return await AdmitCheckedAsync(context, AdmissionKind.Host, "", Outcomes.WrongHostPin, "wrongHostPin", spendsLookup, ct);
        }
        var prompt = "wrongHostPin";
        if (verdict is HostPinVerdict.Wrong or HostPinVerdict.WrongAndLocked or HostPinVerdict.Refused)
        {
            alarm.RecordFailure(context.Now);
        }
        if (verdict == HostPinVerdict.WrongAndLocked)
        {
            var o = bruteForce.Value;
            logger.LogWarning("Call {CallSid}: too many wrong host PINs for organizer {OrganizerId}; PIN entry is locked", request.CallSid, organizerId);
            // The organizer's e-mail about it hangs off this event once mail exists (issue [D]).
            securityEvents.Record(SecurityEventKind.HostPinLocked, context.Now, request.CallSid, request.From, meetingId: null,
                $"{o.HostPinFailures} wrong host PINs for organizer {organizerId} within {o.HostPinWindowMinutes} minutes from any numbers; "
                + $"PIN entry locked for {o.HostPinLockMinutes} minutes", organizerId: organizerId);
            prompt = "hostPinLocked";
        }
        else if (verdict == HostPinVerdict.Locked)
        {
            prompt = "hostPinLocked";
        }
        // While PIN entry is locked the caller is not blamed, but the try is used.
        var counts = verdict != HostPinVerdict.Locked;
        return await context.RecordAsync(calls, new StepRecord(context.Step.Name, Verdict.Retry,
                context.Event(verdict == HostPinVerdict.Locked ? Outcomes.HostPinLocked : Outcomes.WrongHostPin), context.Step.Tries,
                CountsAsFailure: counts, SpendsLookup: spendsLookup),
            context.Apology, () => context.Twiml.Ask(context.Step, context.SlotId, context.OrganizerId, prompt), ct);
    }

    /// <summary>
    /// Admits as host the organizer whom Call me rang and who pressed 1: the portal signed them in and the call's one-use
    /// ticket names the organizer, the code and <paramref name="meetingId"/>, so there is no PIN to check. Admission is into that
    /// meeting only: pressed after it ended, was cancelled or moved, the call ends, and never starts the room's next meeting.
    /// Everything else is a phone host's path.
    /// </summary>
    public async Task<StepAnswer> CalledHostAsync(StepContext context, string meetingId, CancellationToken ct)
    {
        if (await BeginAsync(context, ct) is { } refused)
        {
            return refused;
        }
        return await AdmitCheckedAsync(context, AdmissionKind.Host, "", Outcomes.WrongHostPin, "wrongHostPin", spendsLookup: false, ct, askAgain: false,
            meetingId);
    }

    /// <summary>Admits with a passcode (or as a guest), counting a wrong one against the caller and the meeting.</summary>
    public async Task<StepAnswer> AdmitAsync(StepContext context, AdmissionKind kind, string secretHash, string wrongOutcome, string wrongPrompt,
        CancellationToken ct, bool spendsLookup = false)
    {
        if (await BeginAsync(context, ct) is { } refused)
        {
            return refused;
        }
        return await AdmitCheckedAsync(context, kind, secretHash, wrongOutcome, wrongPrompt, spendsLookup, ct);
    }

    /// <summary>
    /// The caller-shard check before admission. Null for a fresh attempt; otherwise the answer: the stored one for a replay,
    /// or the refusal the shard records (locked out, out of order, unknown call).
    /// </summary>
    private async Task<StepAnswer?> BeginAsync(StepContext context, CancellationToken ct)
    {
        var begin = await calls.BeginAsync(context.Request, context.Step.Name, context.Now, ct);
        if (begin.Verdict == Verdict.Proceed && !begin.Replayed)
        {
            return null;
        }
        if (begin.StoredAnswer is { } xml)
        {
            return new StepAnswer(xml);
        }
        // Recorded as the step would be: the shard sees the same lock or order and writes that outcome.
        return await context.RecordAsync(calls, new StepRecord(context.Step.Name, Verdict.Retry, context.Event(Outcomes.OutOfOrder), context.Step.Tries),
            context.Apology, context.Apology, ct);
    }

    /// <param name="askAgain">False where the step is not in the flow (Call me): a refusal ends the call instead of asking again.</param>
    private async Task<StepAnswer> AdmitCheckedAsync(StepContext context, AdmissionKind kind, string secretHash, string wrongOutcome, string wrongPrompt,
        bool spendsLookup, CancellationToken ct, bool askAgain = true, string? meetingId = null)
    {
        var request = context.Request;
        var admission = await slots.AdmitAsync(context.SlotId!,
            new AdmissionRequest(kind, request.CallSid!, request.From, context.AttemptMember, secretHash, context.GuestLabel(),
                kind == AdmissionKind.Host ? context.OrganizerId! : "", MeetingId: meetingId), Guard, context.Now, ct);
        switch (admission.Result)
        {
            case AdmissionResult.Admitted:
                if (admission.SharedContact)
                {
                    logger.LogWarning("Call {CallSid}: a unique passcode is in use by two callers at once in meeting {MeetingId}",
                        request.CallSid, admission.MeetingId);
                    securityEvents.Record(SecurityEventKind.UniquePasscodeShared, context.Now, request.CallSid, request.From, admission.MeetingId,
                        $"contact {admission.ContactId} joined as {admission.Label} while another call on the same passcode was still in the meeting");
                }
                return await context.RecordAsync(calls, new StepRecord(context.Step.Name, Verdict.Proceed,
                        context.Event(admission.IsHost ? Outcomes.Host : Outcomes.Bridged, admission: admission), SpendsLookup: spendsLookup,
                        NextStep: CallerShardStore.BridgedStep,
                        Facts: new CallFacts(SlotId: context.SlotId!, Role: admission.Role, Label: admission.Label, Conference: admission.Conference,
                            MeetingId: admission.MeetingId ?? "", ContactId: admission.ContactId ?? "", PasscodeKind: admission.PasscodeKind)),
                    () => context.Twiml.Bridge(admission, context.SlotId!), context.Apology, ct);

            case AdmissionResult.Wrong or AdmissionResult.WrongAndLocked:
                alarm.RecordFailure(context.Now);
                var locked = admission.Result == AdmissionResult.WrongAndLocked;
                if (locked)
                {
                    logger.LogWarning("Call {CallSid}: too many wrong passcodes; the meeting stops accepting passcodes for a while", request.CallSid);
                    securityEvents.Record(SecurityEventKind.MeetingPasscodeLocked, context.Now, request.CallSid, request.From, admission.MeetingId,
                        "too many wrong passcodes from any callers; the shared passcode and wrong ones are refused for a while "
                        + "(invitees' own passcodes and the host PIN still work)");
                }
                if (!askAgain)
                {
                    return await context.RecordAsync(calls, new StepRecord(context.Step.Name, Verdict.End, context.Event(wrongOutcome)),
                        context.Apology, context.Apology, ct);
                }
                return await context.RecordAsync(calls, new StepRecord(context.Step.Name, Verdict.Retry, context.Event(wrongOutcome),
                        context.Step.Tries, CountsAsFailure: kind != AdmissionKind.Guest, SpendsLookup: spendsLookup),
                    context.Apology,
                    () => context.Twiml.Ask(context.Step, context.SlotId, context.OrganizerId, locked ? "passcodeLocked" : wrongPrompt), ct);

            case AdmissionResult.Locked:
                // The meeting is protected; the caller is not blamed, but the try is used, and the
                // organizer can still press star for the host PIN.
                return await context.RecordAsync(calls, new StepRecord(context.Step.Name, Verdict.Retry, context.Event(Outcomes.PasscodeLocked),
                        context.Step.Tries),
                    context.Apology, () => context.Twiml.Ask(context.Step, context.SlotId, context.OrganizerId, "passcodeLocked"), ct);

            default:
                var (outcome, goodbye) = admission.Result switch
                {
                    AdmissionResult.Full => (Outcomes.Full, "apology"),
                    AdmissionResult.MeetingLocked => (Outcomes.MeetingLocked, "meetingLocked"),
                    AdmissionResult.Ended => (Outcomes.MeetingEnded, "meetingEnded"),
                    AdmissionResult.NotOpen => (Outcomes.MeetingNotOpen, "meetingEnded"),
                    _ => (Outcomes.Gone, "expired"),
                };
                // Call me pressed for a meeting no longer open: the record names the meeting the call was placed for.
                var notOpen = admission.Result == AdmissionResult.NotOpen ? admission.MeetingId : null;
                return await context.RecordAsync(calls, new StepRecord(context.Step.Name, Verdict.End, context.Event(outcome, notOpen),
                        SpendsLookup: spendsLookup, Facts: notOpen is null ? null : new CallFacts(MeetingId: notOpen)),
                    () => context.Twiml.Goodbye(goodbye), () => context.Twiml.Goodbye(goodbye), ct);
        }
    }
}
