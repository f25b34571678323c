using IvrGateway.Infrastructure;
using IvrGateway.Voice.Flow;
using IvrGateway.Voice.Twilio;
using IvrGateway.Voice.Twiml;
using Microsoft.Extensions.Options;

namespace IvrGateway.Voice;

/// <summary>
/// A caller never hears Twilio's "application error": whatever fails behind a webhook, the
/// answer is 200 with TwiML that apologises in the caller's language and hangs up.
/// </summary>
internal sealed class ApologyFilter(IvrFlow flow, IOptions<TwilioOptions> twilio, OutageJournal journal, ILogger<ApologyFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (!context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            var http = context.HttpContext;
            var callSid = http.Request.HasFormContentType ? http.Request.Form["CallSid"].ToString() : "";
            if (e is StoreUnavailableException)
            {
                logger.LogWarning("Call {CallSid}: {Outcome} on {Path}; the caller hears an apology", callSid, Outcomes.StoreUnavailable, http.Request.Path);
                var request = context.Arguments.OfType<VoiceRequest>().FirstOrDefault();
                if (request is { HasValidCallSid: true })
                {
                    journal.Record(request.CallSid!, request.From, request.To ?? "", StepName(http));
                }
            }
            else
            {
                logger.LogError(e, "Call {CallSid}: the webhook {Path} failed; the caller hears an apology", callSid, http.Request.Path);
            }
            return Apology(http, flow, twilio.Value);
        }
    }

    /// <summary>The flow step a webhook path serves: <c>/voice/step/passcode</c> is "passcode".</summary>
    internal static string StepName(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        return path.StartsWith("/voice/step/", StringComparison.Ordinal) ? path["/voice/step/".Length..] : path.TrimStart('/').Replace("voice/", "", StringComparison.Ordinal);
    }

    public static TwimlResult Apology(HttpContext http, IvrFlow flow, TwilioOptions twilio)
    {
        var to = http.Request.HasFormContentType ? http.Request.Form["To"].ToString() : null;
        var twiml = new CallTwiml(flow.LocaleFor(to), new VoiceUrls(PublicUrl.Base(http, twilio.PublicBaseUrl)));
        return new TwimlResult(twiml.Goodbye("apology"));
    }
}
