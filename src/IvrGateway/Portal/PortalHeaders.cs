namespace IvrGateway.Portal;

/// <summary>
/// What every portal response carries: scripts and styles from this origin only (no inline script, so nothing injected
/// into a page could run), no framing, no referrer (join links and tokens are in URLs), and no caching of pages that show
/// access codes, passcodes and PINs.
/// </summary>
internal sealed class PortalHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XContentTypeOptions = "nosniff";
            headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }, http.Response);
        return next(http);
    }
}
