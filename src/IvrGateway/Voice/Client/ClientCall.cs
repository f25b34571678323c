using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Voice.State;
using IvrGateway.Voice.Twilio;
using IvrGateway.Voice.Twiml;
using Microsoft.Extensions.Options;
using Twilio.TwiML;

namespace IvrGateway.Voice.Client;

/// <summary>
/// <c>POST /voice/client</c>, the TwiML App's voice URL: Twilio calls it when a browser connects with the Voice SDK, with
/// <c>From=client:&lt;identity&gt;</c> and the browser's <c>ticket</c> parameter. The ticket is consumed (by its own browser only), then
/// the browser is admitted into the ticket's meeting (a personal room holds several) in the code's slot exactly as a caller is (the same script: window, lock, host rules, labels, roster, marked
/// <c>web</c>) and bridged into the meeting's conference. Every answer, bridged or refused, is one call-log record marked
/// <c>web</c> in the shard of the browser's identity (<see cref="CallerShardStore.RecordWebJoinAsync"/>).
/// </summary>
public sealed class ClientCall(JoinTicketStore tickets, AccessSlotStore slots, CallerShardStore calls, ContextFactory contexts,
    IOptions<BruteForceOptions> bruteForce, IOptions<VoiceOptions> voice, TimeProvider time, ILogger<ClientCall> logger)
{
    public const string Channel = CallerShardStore.WebChannel;

    /// <summary>The one step a browser's call has in the call log.</summary>
    public const string Step = "client-join";

    private const string ClientPrefix = "client:";

    public async Task<VoiceResponse> AnswerAsync(VoiceRequest request, HttpContext http, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Twilio sets From from the Access Token's identity: a ticket works only for the browser it was issued with, and the store
        // checks that in the same step as the claim, so a leaked ticket presented by another browser does not spend it.
        var claim = request.HasValidCallSid && request.From.StartsWith(ClientPrefix, StringComparison.Ordinal)
            ? await tickets.ConsumeAsync(request.Field("ticket"), request.CallSid!, request.From[ClientPrefix.Length..], now, ct)
            : TicketClaim.Unknown;
        var ticket = claim.Ticket;
        var locale = contexts.Flow.LocaleNamed(ticket?.Locale);
        var twiml = new CallTwiml(locale, contexts.Urls(http));
        if (ticket is null)
        {
            // A used, expired, forged, missing or another browser's ticket: the browser hears nothing about which; the call log says.
            logger.LogWarning("Browser call {CallSid} refused: its join ticket is {Refusal}", request.CallSid, claim.Refusal ?? Outcomes.TicketUnknown);
            await RecordAsync(request, locale.Name, new CallEvent(now, Step, claim.Refusal ?? Outcomes.TicketUnknown), admission: null, slotId: null, ct);
            return twiml.Goodbye("apology");
        }
        var o = bruteForce.Value;
        var guard = new PasscodeGuard(o.MeetingFailures, TimeSpan.FromMinutes(o.MeetingWindowMinutes), TimeSpan.FromMinutes(o.MeetingLockMinutes),
            TimeSpan.FromSeconds(voice.Value.UnjoinedLabelSeconds));
        var admission = await slots.AdmitAsync(ticket.SlotId,
            new AdmissionRequest(ticket.Kind, request.CallSid!, request.From, request.CallSid + ":client:0", ticket.SecretHash, ticket.Label,
                ticket.Kind == AdmissionKind.Host ? ticket.OrganizerId : "", Channel: Channel, MeetingId: ticket.MeetingId), guard, now, ct);
        if (admission.Result != AdmissionResult.Admitted)
        {
            logger.LogWarning("Browser call {CallSid} refused at admission: {Result}", request.CallSid, admission.Result);
            await RecordAsync(request, locale.Name, new CallEvent(now, Step, RefusalOutcome(admission.Result), admission.MeetingId), admission: null,
                slotId: null, ct);
            return twiml.Goodbye(admission.Result switch
            {
                AdmissionResult.Gone => "expired",
                AdmissionResult.Ended or AdmissionResult.NotOpen => "meetingEnded",
                _ => "apology",
            });
        }
        logger.LogInformation("Browser call {CallSid} joins meeting {MeetingId} as {Role}", request.CallSid, admission.MeetingId, admission.Role);
        await RecordAsync(request, locale.Name,
            new CallEvent(now, Step, admission.IsHost ? Outcomes.Host : Outcomes.Bridged, admission.MeetingId, admission.Role, admission.Label,
                admission.Conference),
            admission, ticket.SlotId, ct);
        return twiml.Bridge(admission, ticket.SlotId);
    }

    /// <summary>
    /// The call-log record, after admission (whose outcome it holds) and before the answer. Redis failing just here does not
    /// take the browser's audio away: the answer goes out, and the leave callback or the status callback still closes a
    /// (thinner) record for the CallSid.
    /// </summary>
    private async Task RecordAsync(VoiceRequest request, string locale, CallEvent step, Admission? admission, string? slotId, CancellationToken ct)
    {
        if (!request.HasValidCallSid)
        {
            // Nothing to key a record by: not a call Twilio placed.
            return;
        }
        var facts = admission is null ? new CallFacts(MeetingId: step.MeetingId)
            : new CallFacts(SlotId: slotId, Role: admission.Role, Label: admission.Label, Conference: admission.Conference, MeetingId: admission.MeetingId ?? "",
                ContactId: admission.ContactId ?? "", PasscodeKind: admission.PasscodeKind);
        try
        {
            await calls.RecordWebJoinAsync(new WebJoin(request.CallSid!, request.From, request.To, locale, step, Bridged: admission is not null, facts),
                step.At, ct);
        }
        catch (Exception e) when (e is StoreUnavailableException or StoreFailedException)
        {
            logger.LogWarning("Browser call {CallSid}: its call-log record was not written ({Error})", request.CallSid, e.GetType().Name);
        }
    }

    private static string RefusalOutcome(AdmissionResult result) => result switch
    {
        AdmissionResult.Wrong or AdmissionResult.WrongAndLocked => Outcomes.WrongPasscode,
        AdmissionResult.Locked => Outcomes.PasscodeLocked,
        AdmissionResult.Full => Outcomes.Full,
        AdmissionResult.MeetingLocked => Outcomes.MeetingLocked,
        AdmissionResult.Ended => Outcomes.MeetingEnded,
        AdmissionResult.NotOpen => Outcomes.MeetingNotOpen,
        _ => Outcomes.Gone,
    };
}
