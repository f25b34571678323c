using IvrGateway.Codes;
using IvrGateway.Voice.Twilio;
using IvrGateway.Voice.Twiml;
using Microsoft.Extensions.Options;
using Twilio.TwiML;

namespace IvrGateway.Voice.Client;

/// <summary>
/// <c>POST /voice/client</c>, the TwiML App's voice URL: Twilio calls it when a browser connects with the Voice SDK, with
/// <c>From=client:&lt;identity&gt;</c> and the browser's <c>ticket</c> parameter. The ticket is consumed, then the browser is
/// admitted in the code's slot exactly as a caller is (the same script: window, lock, host rules, labels, roster, marked
/// <c>web</c>) and bridged into the meeting's conference.
/// </summary>
public sealed class ClientCall(JoinTicketStore tickets, AccessSlotStore slots, ContextFactory contexts, IOptions<BruteForceOptions> bruteForce,
    IOptions<VoiceOptions> voice, TimeProvider time, ILogger<ClientCall> logger)
{
    public const string Channel = "web";

    public async Task<VoiceResponse> AnswerAsync(VoiceRequest request, HttpContext http, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var ticket = request.HasValidCallSid && request.From.StartsWith("client:", StringComparison.Ordinal)
            ? await tickets.ConsumeAsync(request.Field("ticket"), request.CallSid!, now, ct)
            : null;
        // Twilio sets From from the Access Token's identity: a ticket works only for the browser it was issued with.
        if (ticket is not null && request.From != "client:" + ticket.Identity)
        {
            ticket = null;
        }
        var twiml = new CallTwiml(contexts.Flow.LocaleNamed(ticket?.Locale), contexts.Urls(http));
        if (ticket is null)
        {
            // A used, expired, forged or missing ticket: nothing is said about which.
            logger.LogWarning("Browser call {CallSid} refused: its join ticket is unknown, used or expired", request.CallSid);
            return twiml.Goodbye("apology");
        }
        var o = bruteForce.Value;
        var guard = new PasscodeGuard(o.MeetingFailures, TimeSpan.FromMinutes(o.MeetingWindowMinutes), TimeSpan.FromMinutes(o.MeetingLockMinutes),
            TimeSpan.FromSeconds(voice.Value.UnjoinedLabelSeconds));
        var admission = await slots.AdmitAsync(ticket.SlotId,
            new AdmissionRequest(ticket.Kind, request.CallSid!, request.From, request.CallSid + ":client:0", ticket.SecretHash, ticket.Label,
                ticket.Kind == AdmissionKind.Host ? ticket.OrganizerId : "", Channel: Channel), guard, now, ct);
        if (admission.Result != AdmissionResult.Admitted)
        {
            logger.LogWarning("Browser call {CallSid} refused at admission: {Result}", request.CallSid, admission.Result);
            return twiml.Goodbye(admission.Result == AdmissionResult.Gone ? "expired" : "apology");
        }
        logger.LogInformation("Browser call {CallSid} joins meeting {MeetingId} as {Role}", request.CallSid, admission.MeetingId, admission.Role);
        return twiml.Bridge(admission, ticket.SlotId);
    }
}
