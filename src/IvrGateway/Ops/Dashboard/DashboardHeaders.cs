namespace IvrGateway.Ops.Dashboard;

/// <summary>
/// What every dashboard response carries: scripts and styles from this origin only (so nothing
/// injected into a page could run), no framing, no referrer (call SIDs and numbers are in URLs),
/// and no caching of pages full of caller numbers.
/// </summary>
internal sealed class DashboardHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(static state =>
        {
            Apply(((HttpResponse)state).Headers);
            return Task.CompletedTask;
        }, http.Response);
        return next(http);
    }

    public static void Apply(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
    }
}
