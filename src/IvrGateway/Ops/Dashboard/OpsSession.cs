using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using IvrGateway.Infrastructure.Auth;
using IvrGateway.Scheduling;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace IvrGateway.Ops.Dashboard;

/// <summary>
/// The dashboard's own sign-in: the ops key typed once into a form, then a cookie. The cookie
/// scheme is never the default, so the management API keeps answering 401/403 problem documents
/// and is never redirected to a sign-in page.
/// </summary>
internal static class OpsSession
{
    public const string Scheme = "OpsCookie";
    public const string Policy = "ops-dashboard";
    public const string SignInPath = OpsDashboard.PathPrefix + "/signin";
    private const string KeyClaim = "ops_key";

    public static IServiceCollection AddOpsSignIn(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddCookie(Scheme, o =>
            {
                o.Cookie.Name = "ivr-ops";
                // Sent to the dashboard only, never to the API or the webhooks.
                o.Cookie.Path = OpsDashboard.PathPrefix;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.LoginPath = SignInPath;
                o.AccessDeniedPath = SignInPath;
                o.ReturnUrlParameter = "returnUrl";
                o.Events.OnRedirectToLogin = RedirectAsync;
                o.Events.OnRedirectToAccessDenied = RedirectAsync;
                o.Events.OnValidatePrincipal = ValidateAsync;
            });
        services.FollowPublicUrl(Scheme);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(Roles.Ops));
        return services;
    }

    /// <summary>Compares in constant time, as the API's key handler does, so the time taken says nothing about the key.</summary>
    public static bool IsOpsKey(string? presented, string? configured) =>
        !string.IsNullOrEmpty(presented) && !string.IsNullOrEmpty(configured) && presented.Length <= 512 &&
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));

    public static Task SignInAsync(HttpContext http, string opsKey)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "ops"), new Claim(ClaimTypes.Role, Roles.Ops), new Claim(KeyClaim, KeyFingerprint(opsKey))],
            Scheme);
        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
    }

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(Scheme);

    /// <summary>
    /// A session belongs to the ops key it was opened with: rotating <c>Gateway:OpsApiKey</c> ends
    /// every session at its next request instead of leaving them valid for up to 8 hours.
    /// </summary>
    private static Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var configured = context.HttpContext.RequestServices.GetRequiredService<IOptions<ApiKeyOptions>>().Value.OpsApiKey;
        var fingerprint = context.Principal?.FindFirstValue(KeyClaim);
        if (string.IsNullOrEmpty(configured) || fingerprint is null ||
            !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(fingerprint), Encoding.ASCII.GetBytes(KeyFingerprint(configured))))
        {
            context.RejectPrincipal();
            return context.HttpContext.SignOutAsync(Scheme);
        }
        return Task.CompletedTask;
    }

    // The cookie is encrypted, but it still carries a one-way, domain-separated digest of the key, never the key.
    private static string KeyFingerprint(string key) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("ivr-ops-session\n" + key)).AsSpan(0, 16));

    // The redirect to the sign-in page is a dashboard response like any other: not cached, not framed.
    private static Task RedirectAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        DashboardHeaders.Apply(context.Response.Headers);
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
