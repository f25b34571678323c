namespace IvrGateway.Infrastructure.Http;

internal static class TransportSecurity
{
    /// <summary>
    /// HSTS in Production (sent on https requests only, as seen after trusted forwarded headers).
    /// There is deliberately no HTTPS redirection: a redirect on <c>/voice</c> drops Twilio's POST
    /// fields and plays "application error", and TLS ends at the proxy, which redirects if it must.
    /// </summary>
    public static WebApplication UseHstsInProduction(this WebApplication app)
    {
        if (app.Environment.IsProduction())
        {
            app.UseHsts();
        }
        return app;
    }
}
