using IvrGateway.Voice.Twilio;

namespace IvrGateway.Voice.Client;

internal static class ClientCallEndpoints
{
    public static IServiceCollection AddClientCalls(this IServiceCollection services) =>
        services.AddSingleton<JoinTicketStore>().AddSingleton<ClientCall>();

    /// <summary>Mapped inside the <c>/voice</c> group, so the browser leg is signed and answered like every other webhook.</summary>
    public static RouteGroupBuilder MapClientCall(this RouteGroupBuilder voice)
    {
        voice.MapPost("/client", static async (VoiceRequest request, HttpContext http, ClientCall calls) =>
            new TwimlResult(await calls.AnswerAsync(request, http, http.RequestAborted)));
        return voice;
    }
}
