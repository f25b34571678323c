using System.Text;
using IvrGateway.Simulator.Twilio;
using IvrGateway.Simulator.Twiml;

namespace IvrGateway.Simulator.Calls;

/// <summary>Judges a webhook answer the way Twilio does before playing it: reachable, 2xx, XML, small enough, valid TwiML.</summary>
internal static class TwimlAnswer
{
    private const int MaxBytes = 64 * 1024;
    private const int BodyShown = 300;

    public static TwimlDocument Read(WebhookRequest request, WebhookReply reply, TimeSpan timeout, TwimlScope scope)
    {
        var described = Describe(request);
        if (reply.TimedOut)
        {
            throw Fail(CallErrorKind.Timeout, $"The gateway did not answer {described} within {timeout.TotalSeconds:0.#} s (Twilio's limit)", described);
        }
        if (reply.StatusCode is not { } status)
        {
            throw Fail(CallErrorKind.Unreachable, $"Cannot reach the gateway at {request.Url.GetLeftPart(UriPartial.Authority)}: {reply.Failure}", described);
        }
        var body = Shorten(reply.Body);
        if (!reply.IsSuccess)
        {
            throw Fail(CallErrorKind.HttpStatus, $"The gateway's answer is not valid TwiML: {described} returned HTTP {status}. Body: {body}", described, status, body);
        }
        if (reply.ContentType is not ("application/xml" or "text/xml"))
        {
            throw Invalid($"the content type is {reply.ContentType ?? "missing"}, not application/xml or text/xml", described, status, body);
        }
        if (Encoding.UTF8.GetByteCount(reply.Body) > MaxBytes)
        {
            throw Invalid($"the answer is over Twilio's 64 kB limit", described, status, body);
        }
        try
        {
            return TwimlReader.Read(reply.Body, request.Url, scope);
        }
        catch (TwimlException problem) when (problem.Unsupported)
        {
            throw Fail(CallErrorKind.Unsupported, $"The simulator cannot follow the gateway's TwiML: {problem.Message} ({described})", described, status, body);
        }
        catch (TwimlException problem)
        {
            throw Invalid(problem.Message, described, status, body);
        }
    }

    public static string Describe(WebhookRequest request) => $"{request.Method} {request.Url.PathAndQuery}";

    private static CallFailedException Invalid(string problem, string described, int status, string body) =>
        Fail(CallErrorKind.InvalidTwiml, $"The gateway's answer is not valid TwiML: {problem} ({described}, HTTP {status}). Body: {body}", described, status, body);

    private static CallFailedException Fail(CallErrorKind kind, string message, string described, int? status = null, string? body = null) =>
        new(new CallError(kind, message, described, status, body));

    private static string Shorten(string body)
    {
        var trimmed = body.Trim();
        return trimmed.Length == 0 ? "(empty)" : trimmed.Length <= BodyShown ? trimmed : trimmed[..BodyShown] + "…";
    }
}
