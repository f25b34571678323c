using IvrGateway.Infrastructure;
using IvrGateway.Voice.State;
using IvrGateway.Voice.Twilio;

namespace IvrGateway.Voice;

/// <summary>
/// When the gateway itself ends a call (its answer to a flow step hangs up before any bridge: too many
/// tries, locked out, not yet active, gone, full, apology), the call's record is closed now, so the call is
/// in the log even if Twilio's status callback never comes. The callback that does come adds nothing.
/// </summary>
internal sealed class FinalAnswerFilter(CallerShardStore calls, TimeProvider time, ILogger<FinalAnswerFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        if (result is TwimlResult twiml && IsFlowStep(http.Request.Path) && EndsCall(twiml.Xml)
            && context.Arguments.OfType<VoiceRequest>().FirstOrDefault() is { HasValidCallSid: true } request)
        {
            try
            {
                await calls.EndedByGatewayAsync(request, time.GetUtcNow(), http.RequestAborted);
            }
            catch (Exception e) when (e is StoreUnavailableException or StoreFailedException)
            {
                // The caller still hears the answer; the status callback or the sweeper closes the record.
                logger.LogWarning("Call {CallSid}: closing its record after the final answer failed ({Error})", request.CallSid, e.GetType().Name);
            }
        }
        return result;
    }

    private static bool IsFlowStep(PathString path) =>
        path.Equals("/voice/incoming", StringComparison.Ordinal) || path.StartsWithSegments("/voice/step", StringComparison.Ordinal)
        || path.StartsWithSegments("/voice/callme", StringComparison.Ordinal);

    /// <summary>
    /// A final answer: the document's last verb is Hangup and it bridges to nothing. Read from the text the
    /// answer already is, not by parsing it again: this runs on every step's webhook. Prompt text is escaped
    /// (<c>&amp;lt;</c>), so an element name can only be an element.
    /// </summary>
    internal static bool EndsCall(string xml)
    {
        var body = xml.AsSpan().TrimEnd();
        if (!body.EndsWith("</Response>", StringComparison.Ordinal) || xml.Contains("<Dial", StringComparison.Ordinal))
        {
            return false;
        }
        var last = body[..^"</Response>".Length].TrimEnd();
        return last.EndsWith("<Hangup />", StringComparison.Ordinal) || last.EndsWith("<Hangup/>", StringComparison.Ordinal)
            || last.EndsWith("<Hangup></Hangup>", StringComparison.Ordinal);
    }
}
