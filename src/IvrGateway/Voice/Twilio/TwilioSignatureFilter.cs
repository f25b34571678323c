using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Twilio.Security;

namespace IvrGateway.Voice.Twilio;

/// <summary>
/// Answers 403 unless <c>X-Twilio-Signature</c> is Twilio's HMAC of the URL it called and the
/// POST fields, under <c>Twilio:AuthToken</c>. The URL is rebuilt as Twilio saw it: from
/// <c>Twilio:PublicBaseUrl</c> when set, otherwise from the request (scheme and host after
/// forwarded headers from trusted proxies only), always with the raw, undecoded target.
/// </summary>
internal sealed class TwilioSignatureFilter(IOptions<TwilioOptions> options, IHostEnvironment environment, ILogger<TwilioSignatureFilter> logger) : IEndpointFilter
{
    // One filter serves every webhook (VoiceEndpoints adds the singleton), and Twilio's validator keeps one HMAC that is not
    // safe to share between threads: one per thread, made once. A validator per request cost an HMAC key set-up and a
    // native handle for the finalizer to release on every webhook.
    private readonly ThreadLocal<RequestValidator> validators =
        PerThread(string.IsNullOrEmpty(options.Value.AuthToken) ? DevelopmentToken(environment) : options.Value.AuthToken);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var signature = http.Request.Headers["X-Twilio-Signature"].ToString();
        // RequestValidator throws on an empty signature, so a missing header is answered here.
        if (string.IsNullOrEmpty(signature))
        {
            logger.LogWarning("Refused a webhook without X-Twilio-Signature on {Path}", http.Request.Path);
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        Dictionary<string, string> parameters;
        if (http.Request.HasFormContentType)
        {
            try
            {
                var form = await http.Request.ReadFormAsync(http.RequestAborted);
                // Sized once: Twilio posts some twenty fields, and growing the dictionary step by step showed in the profile.
                parameters = new Dictionary<string, string>(form.Count, StringComparer.Ordinal);
                foreach (var (key, value) in form)
                {
                    parameters[key] = value.ToString();
                }
            }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
            {
                logger.LogWarning("Refused a webhook whose form could not be read on {Path}", http.Request.Path);
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }
        }
        else
        {
            parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        }
        // With Twilio:PublicBaseUrl the Host header plays no part; without it, a host that makes no
        // URL (gw:99999, garbage, an empty one) cannot be what Twilio signed: 403, never a 500.
        if (PublicUrl.TryOf(http, options.Value.PublicBaseUrl) is not { } url)
        {
            logger.LogWarning("Refused a webhook whose Host header makes no URL on {Path}", http.Request.Path);
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        if (!IsSignedByTwilio(url, parameters, signature))
        {
            logger.LogWarning("Refused a webhook with a wrong X-Twilio-Signature on {Path}", http.Request.Path);
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        return await next(context);
    }

    // Twilio's validator re-parses the URL (to try it with and without the port); a URL that parses
    // one way and not the other (an IPv6 zone id) throws there. Whatever it cannot read, Twilio did not sign.
    private bool IsSignedByTwilio(string url, Dictionary<string, string> parameters, string signature)
    {
        try
        {
            return validators.Value!.Validate(url, parameters, signature);
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException or InvalidOperationException)
        {
            return false;
        }
    }

    private static ThreadLocal<RequestValidator> PerThread(string authToken) => new(() => new RequestValidator(authToken));

    private static string DevelopmentToken(IHostEnvironment environment) =>
        environment.IsDevelopment() ? "dev-auth-token-not-a-secret" : throw new InvalidOperationException("Twilio:AuthToken is required outside Development.");
}

/// <summary>The URL Twilio requested, which is what it signed and where our callbacks must point.</summary>
internal static class PublicUrl
{
    public static string Of(HttpContext http, string? publicBaseUrl) => Base(http, publicBaseUrl) + RawTarget(http);

    /// <summary>The URL Twilio requested, or null when the request's host (and target) make no absolute URL.</summary>
    public static string? TryOf(HttpContext http, string? publicBaseUrl)
    {
        if (string.IsNullOrEmpty(publicBaseUrl) && !http.Request.Host.HasValue)
        {
            return null;
        }
        string url;
        try
        {
            url = Of(http, publicBaseUrl);
        }
        catch (FormatException)
        {
            return null;
        }
        return Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" && !string.IsNullOrEmpty(parsed.Host)
            ? url
            : null;
    }

    /// <summary>Scheme, host and (for https on 443 or http on 80) no port: Twilio signs without default ports.</summary>
    public static string Base(HttpContext http, string? publicBaseUrl)
    {
        if (!string.IsNullOrEmpty(publicBaseUrl))
        {
            return publicBaseUrl.TrimEnd('/');
        }
        var request = http.Request;
        var host = request.Host;
        var defaultPort = (request.Scheme == "https" && host.Port == 443) || (request.Scheme == "http" && host.Port == 80);
        return $"{request.Scheme}://{(defaultPort ? host.Host : host.Value)}{request.PathBase}";
    }

    // The decoded Request.Path can differ from what Twilio signed (%2B, %20); the raw target cannot.
    private static string RawTarget(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(raw) && raw.StartsWith('/'))
        {
            return http.Request.PathBase.HasValue && raw.StartsWith(http.Request.PathBase.Value!, StringComparison.Ordinal)
                ? raw[http.Request.PathBase.Value!.Length..]
                : raw;
        }
        return http.Request.Path.ToUriComponent() + http.Request.QueryString.ToUriComponent();
    }
}
