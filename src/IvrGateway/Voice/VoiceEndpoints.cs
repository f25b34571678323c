using IvrGateway.Voice.CallMe;
using IvrGateway.Voice.Client;
using IvrGateway.Voice.Flow;
using IvrGateway.Voice.Steps;
using IvrGateway.Voice.Twilio;
using IvrGateway.Voice.Twiml;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Twilio.TwiML;

namespace IvrGateway.Voice;

internal static class VoiceEndpoints
{
    /// <summary>
    /// Every Twilio webhook in one group: the signature is checked once for all of them, failures
    /// become an apology, antiforgery is off (Twilio posts forms without a token).
    /// </summary>
    public static WebApplication MapVoice(this WebApplication app)
    {
        var voice = app.MapGroup("/voice")
            .AddSingletonFilter<WebhookTiming>()
            .AddSingletonFilter<TwilioSignatureFilter>()
            .AddEndpointFilter<ApologyFilter>()
            .AddSingletonFilter<FinalAnswerFilter>()
            .DisableAntiforgery()
            .ExcludeFromDescription();
        voice.MapPost("/incoming", IncomingAsync);
        voice.MapPost("/step/{name}", StepAsync);
        voice.MapMethods("/wait", ["GET", "POST"], Wait);
        voice.MapPost("/conference", ConferenceAsync);
        voice.MapPost("/status", StatusAsync);
        voice.MapPost("/fallback", Fallback);
        voice.MapCallMe();     // the outbound call Call me places: "press 1", then bridged as host
        voice.MapClientCall();   // the browser leg: the TwiML App's voice URL (join online)
        return app;
    }

    /// <summary>
    /// Adds the filter registered as a singleton. <c>AddEndpointFilter&lt;T&gt;</c> constructs a new one for every request,
    /// which for the signature filter meant a new HMAC (and a native handle to finalize) per webhook.
    /// </summary>
    private static RouteGroupBuilder AddSingletonFilter<TFilter>(this RouteGroupBuilder group) where TFilter : IEndpointFilter =>
        group.AddEndpointFilterFactory(static (factory, next) =>
        {
            var filter = factory.ApplicationServices.GetRequiredService<TFilter>();
            return invocation => filter.InvokeAsync(invocation, next);
        });

    private static async Task<IResult> IncomingAsync(VoiceRequest request, HttpContext http, IncomingCall incoming, ContextFactory contexts)
    {
        var context = contexts.For(request, http, contexts.Flow.Start, slotId: null, organizerId: null);
        if (!request.HasValidCallSid)
        {
            return new TwimlResult(context.Twiml.Goodbye("apology"));
        }
        return new TwimlResult(await incoming.AnswerAsync(context, http.RequestAborted));
    }

    // Twilio sees the short query names (?a=, ?o=) in every URL it is sent to; the code reads them by name.
    private static async Task<IResult> StepAsync(string name, [FromQuery(Name = "a")] string? slotId, [FromQuery(Name = "o")] string? organizerId,
        VoiceRequest request, HttpContext http, FlowSteps handlers, ContextFactory contexts)
    {
        var step = contexts.Flow.Step(name);
        var context = contexts.For(request, http, step ?? contexts.Flow.Start, slotId, organizerId);
        var needsMeeting = step is not null && step.Type != StepType.AccessCode;
        // Every step URL the gateway issues carries the caller's route and the attempt (s, c, n).
        if (step is null || !request.HasValidCallSid || !request.HasRoute
            || (needsMeeting && (!StepContext.IsSlotId(slotId) || !StepContext.IsOrganizerId(organizerId))))
        {
            // A step URL that this gateway never issues, or a request without a call: a polite end.
            return new TwimlResult(context.Twiml.Goodbye("apology"));
        }
        return new TwimlResult((await handlers.For(step.Type).AnswerAsync(context, http.RequestAborted)).Xml);
    }

    private static TwimlResult Wait(string? l, int? w, HttpContext http, ContextFactory contexts, IOptions<VoiceOptions> voice)
    {
        var locale = contexts.Flow.LocaleNamed(l);
        var twiml = new CallTwiml(locale, contexts.Urls(http));
        return new TwimlResult(twiml.WaitRoom(w == 1, new Uri(voice.Value.HoldMusicUrl)));
    }

    private static async Task<IResult> ConferenceAsync([FromQuery(Name = "a")] string? slotId, [FromQuery(Name = "m")] string? meetingId, VoiceRequest request,
        HttpContext http, Callbacks callbacks)
    {
        await callbacks.ConferenceAsync(request, slotId, meetingId, http.RequestAborted);
        return new TwimlResult(new VoiceResponse());
    }

    private static async Task<IResult> StatusAsync(VoiceRequest request, HttpContext http, Callbacks callbacks)
    {
        await callbacks.CallStatusAsync(request, http.RequestAborted);
        return new TwimlResult(new VoiceResponse());
    }

    /// <summary>The number's fallback URL: Twilio calls it when the Voice URL failed. Always an apology.</summary>
    private static TwimlResult Fallback(VoiceRequest request, HttpContext http, ContextFactory contexts, ILoggerFactory loggers)
    {
        loggers.CreateLogger("IvrGateway.Voice.Fallback").LogError("Twilio used the fallback URL for call {CallSid}: error {ErrorCode}",
            request.CallSid, request.Field("ErrorCode"));
        var context = contexts.For(request, http, contexts.Flow.Start, null, null);
        return new TwimlResult(context.Twiml.Goodbye("apology"));
    }
}

/// <summary>Builds a step's context: locale from the dialed number, URLs from the public base Twilio called.</summary>
public sealed class ContextFactory(IvrFlow flow, IOptions<TwilioOptions> twilio, TimeProvider time)
{
    public IvrFlow Flow { get; } = flow;

    public VoiceUrls Urls(HttpContext http) => new(PublicUrl.Base(http, twilio.Value.PublicBaseUrl));

    /// <summary>The URLs of one call: they carry its route (shard and trust) and the next attempt at each step.</summary>
    private VoiceUrls Urls(HttpContext http, VoiceRequest request, FlowStep step) =>
        new(PublicUrl.Base(http, twilio.Value.PublicBaseUrl), request.Caller, request.HasRoute ? step.Name : null, request.Attempt);

    public StepContext For(VoiceRequest request, HttpContext http, FlowStep step, string? slotId, string? organizerId) =>
        new(request, step, new CallTwiml(Flow.LocaleFor(request.To), Urls(http, request, step)), time.GetUtcNow(), slotId, organizerId);
}
