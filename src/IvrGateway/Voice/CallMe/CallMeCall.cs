using System.Globalization;
using IvrGateway.Voice.Flow;
using IvrGateway.Voice.State;
using IvrGateway.Voice.Steps;
using IvrGateway.Voice.Twilio;
using IvrGateway.Voice.Twiml;
using Twilio.TwiML;
using Twilio.TwiML.Voice;
using HttpMethod = Twilio.Http.HttpMethod;

namespace IvrGateway.Voice.CallMe;

/// <summary>
/// The outbound call Call me placed to the organizer's phone. It asks "Press 1 to start &lt;title&gt;" with a Gather, so
/// a voicemail greeting never joins; silence or another key asks once more, then says goodbye. Pressing 1 bridges the
/// call into the meeting's conference as its host through <see cref="Admitter"/>, the path a phone host takes, so the
/// roster, the labels and the call log see a host exactly as if the organizer had dialed in with the PIN.
/// </summary>
public sealed class CallMeCall(CallMeTickets tickets, CallerShardStore calls, Admitter admitter, ContextFactory contexts)
{
    public const string AnswerPath = "/voice/callme/answer";
    public const string PressPath = "/voice/callme/press";

    /// <summary>
    /// Where the call is in the caller's shard. Not in flow.json: no dialed-in call can reach it. Two tries: the question,
    /// then once more after silence or a wrong key.
    /// </summary>
    public static readonly FlowStep Step = new("callMe", StepType.HostPin, "callMePress", Tries: 2, TimeoutSeconds: 8, FinishOnKey: "#",
        Next: new Dictionary<string, string>());

    /// <summary>Twilio's first request for the placed call: claims the ticket and asks for 1.</summary>
    public async Task<VoiceResponse> AnswerAsync(VoiceRequest request, string? reference, HttpContext http, CancellationToken ct)
    {
        var context = contexts.For(request, http, Step, null, null);
        if (!request.HasValidCallSid || await tickets.ClaimAsync(reference, request.CallSid!, ct) is not { } ticket)
        {
            return context.Twiml.Goodbye("apology");
        }
        var verdict = await calls.StartAsync(request, context.Twiml.Locale.Name, Step.Name, context.Now, ct);
        return verdict == Verdict.Locked ? context.Twiml.Goodbye("apology") : Ask(context, request.Caller, reference!, ticket, attempt: 1);
    }

    /// <summary>The Gather's answer: 1 bridges as host; anything else asks once more, then ends the call.</summary>
    public async Task<StepAnswer> PressAsync(VoiceRequest request, string? reference, HttpContext http, CancellationToken ct)
    {
        var unrouted = contexts.For(request, http, Step, null, null);
        if (!request.HasValidCallSid || !request.HasRoute || await tickets.ClaimAsync(reference, request.CallSid!, ct) is not { } ticket)
        {
            return unrouted.Twiml.Goodbye("apology");
        }
        var context = contexts.For(request, http, Step, ticket.SlotId, ticket.OrganizerId);
        var pressed = request.Digits ?? "";
        if (pressed == "1")
        {
            return await admitter.CalledHostAsync(context, ticket.MeetingId, ct);
        }
        var outcome = Digits.IsEmpty(pressed) ? Outcomes.NoInput : Outcomes.BadFormat;
        if (request.Attempt >= Step.Tries)
        {
            return await context.RecordAsync(calls, new StepRecord(Step.Name, Verdict.End, context.Event(outcome)),
                () => context.Twiml.Goodbye("callMeGoodbye"), () => context.Twiml.Goodbye("callMeGoodbye"), ct);
        }
        return await context.RecordAsync(calls, new StepRecord(Step.Name, Verdict.Retry, context.Event(outcome), Step.Tries),
            context.Apology, () => Ask(context, request.Caller, reference!, ticket, request.Attempt + 1, "callMeNotPressed"), ct);
    }

    private static VoiceResponse Ask(StepContext context, CallerIdentity caller, string reference, CallMeTicket ticket, int attempt, params string[] before)
    {
        var response = new VoiceResponse();
        // actionOnEmptyResult: silence comes back too, and counts as a try.
        var gather = new Gather(
            input: [Gather.InputEnum.Dtmf],
            action: PressUrl(context.Twiml.Urls, caller, reference, attempt),
            method: HttpMethod.Post,
            timeout: Step.TimeoutSeconds,
            numDigits: 1,
            actionOnEmptyResult: true);
        foreach (var key in before)
        {
            gather.Append(context.Twiml.Say(key));
        }
        gather.Append(context.Twiml.Say("callMePress", new Dictionary<string, string> { ["title"] = ticket.Title }));
        response.Append(gather);
        return response;
    }

    /// <summary>The press step's URL: the ticket's reference, and the call's route and attempt as every step URL carries them.</summary>
    private static Uri PressUrl(VoiceUrls urls, CallerIdentity caller, string reference, int attempt) =>
        new($"{urls.Base}{PressPath}?r={Uri.EscapeDataString(reference)}&s={caller.Shard.ToString(CultureInfo.InvariantCulture)}"
            + $"&c={caller.Trust}&n={attempt.ToString(CultureInfo.InvariantCulture)}");
}
