using IvrGateway.Voice.Flow;
using IvrGateway.Voice.State;

namespace IvrGateway.Voice.Steps;

/// <summary>
/// <c>POST /voice/incoming</c>, the number's Voice URL: greets the caller in the dialed number's
/// language and asks for the access code, unless the caller's number is locked out.
/// </summary>
public sealed class IncomingCall(IvrFlow flow, CallerShardStore calls, ILogger<IncomingCall> logger)
{
    public async Task<string> AnswerAsync(StepContext context, CancellationToken ct)
    {
        var verdict = await calls.StartAsync(context.Request, context.Twiml.Locale.Name, flow.Start.Name, context.Now, ct);
        if (verdict == Verdict.Locked)
        {
            VoiceLog.CallerLockedOut(logger, context.Request.CallSid, context.Request.From);
            return context.Twiml.GoodbyeXml("lockedOut");
        }
        return context.Twiml.AskXml(flow.Start, flow.Greeting);
    }
}
