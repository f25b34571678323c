using System.Text;
using Twilio.TwiML;

namespace IvrGateway.Voice.Twilio;

/// <summary>A TwiML document as the HTTP answer: 200, <c>application/xml</c>, nothing before the declaration.</summary>
internal sealed class TwimlResult(string xml) : IResult
{
    public TwimlResult(VoiceResponse response)
        : this(response.ToString())
    {
    }

    public string Xml { get; } = xml;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/xml; charset=utf-8";
        httpContext.Response.Headers.CacheControl = "no-store";
        return httpContext.Response.WriteAsync(Xml, Encoding.UTF8, httpContext.RequestAborted);
    }
}
