using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace IvrGateway.Scheduling;

/// <summary>What every sign-in cookie of the gateway's pages (ops dashboard, organizer portal) takes from the deployment.</summary>
internal static class PublicCookies
{
    /// <summary>
    /// The cookie scheme's clock is the app's <see cref="TimeProvider"/> (tests control expiry), and the cookie is Secure
    /// whenever the public URL is https: behind a TLS-terminating proxy the request may look like http, but the public URL
    /// says what users reach.
    /// </summary>
    public static IServiceCollection FollowPublicUrl(this IServiceCollection services, string scheme)
    {
        services.AddOptions<CookieAuthenticationOptions>(scheme).Configure<TimeProvider, IOptions<SchedulingOptions>>((o, time, scheduling) =>
        {
            o.TimeProvider = time;
            if (scheduling.Value.PublicBaseIsHttps)
            {
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            }
        });
        return services;
    }
}
