using IvrGateway.Voice.Twilio;
using Microsoft.AspNetCore.Mvc;

namespace IvrGateway.Voice.CallMe;

internal static class CallMeEndpoints
{
    /// <summary>The Call me webhooks, in the <c>/voice</c> group: signed by Twilio like every other webhook.</summary>
    public static RouteGroupBuilder MapCallMe(this RouteGroupBuilder voice)
    {
        voice.MapPost("/callme/answer", async ([FromQuery(Name = "r")] string? reference, VoiceRequest request, HttpContext http, CallMeCall call) =>
            new TwimlResult(await call.AnswerAsync(request, reference, http, http.RequestAborted)));
        voice.MapPost("/callme/press", async ([FromQuery(Name = "r")] string? reference, VoiceRequest request, HttpContext http, CallMeCall call) =>
            new TwimlResult((await call.PressAsync(request, reference, http, http.RequestAborted)).Xml));
        return voice;
    }
}
