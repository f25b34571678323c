using IvrGateway.Voice.Flow;
using IvrGateway.Voice.State;
using Twilio.TwiML;

namespace IvrGateway.Voice.Steps;

/// <summary>
/// <c>POST /voice/incoming</c>, the number's Voice URL: greets the caller in the dialed number's
/// language and asks for the access code, unless the caller's number is locked out.
/// </summary>
public sealed class IncomingCall(IvrFlow flow, CallerShardStore calls, ILogger<IncomingCall> logger)
{
    public async Task<VoiceResponse> AnswerAsync(StepContext context, CancellationToken ct)
    {
        var verdict = await calls.StartAsync(context.Request, context.Twiml.Locale.Name, flow.Start.Name, context.Now, ct);
        if (verdict == Verdict.Locked)
        {
            VoiceLog.CallerLockedOut(logger, context.Request.CallSid, context.Request.From);
            return context.Twiml.Goodbye("lockedOut");
        }
        return context.Twiml.Ask(flow.Start, null, null, flow.Greeting);
    }
}
