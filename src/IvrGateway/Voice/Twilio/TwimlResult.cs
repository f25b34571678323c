using System.Text;
using Twilio.TwiML;

namespace IvrGateway.Voice.Twilio;

/// <summary>A TwiML document as the HTTP answer: 200, <c>application/xml</c>, nothing before the declaration.</summary>
internal sealed class TwimlResult(VoiceResponse response) : IResult
{
    public VoiceResponse Response { get; } = response;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/xml; charset=utf-8";
        httpContext.Response.Headers.CacheControl = "no-store";
        return httpContext.Response.WriteAsync(Response.ToString(), Encoding.UTF8, httpContext.RequestAborted);
    }
}
