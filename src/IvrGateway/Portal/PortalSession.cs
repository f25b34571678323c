using System.Security.Claims;
using IvrGateway.Infrastructure.Auth;
using IvrGateway.Organizers;
using IvrGateway.Organizers.Passwords;
using IvrGateway.Scheduling;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace IvrGateway.Portal;

/// <summary>
/// The organizer's portal session: a cookie of its own (never the ops cookie, never the API's default scheme), sent to
/// <c>/portal</c> only. A session belongs to the password it was opened with: changing the password, or disabling the
/// account, ends every other session at its next request.
/// </summary>
internal static class PortalSession
{
    public const string Scheme = "OrganizerCookie";
    public const string Policy = "portal";
    public const string PathPrefix = "/portal";
    public const string SignInPath = PathPrefix + "/signin";
    private const string StampClaim = "password_stamp";

    public static IServiceCollection AddPortalSignIn(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddCookie(Scheme, o =>
            {
                o.Cookie.Name = "ivr-portal";
                o.Cookie.Path = PathPrefix;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.LoginPath = SignInPath;
                o.AccessDeniedPath = SignInPath;
                o.ReturnUrlParameter = "returnUrl";
                o.Events.OnValidatePrincipal = ValidateAsync;
            });
        services.FollowPublicUrl(Scheme);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(Roles.Organizer));
        return services;
    }

    public static Task SignInAsync(HttpContext http, Organizer organizer)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, organizer.Name),
            new Claim(ClaimTypes.Role, Roles.Organizer),
            new Claim(ApiKeyAuthenticationHandler.OrganizerIdClaim, organizer.Id),
            new Claim(StampClaim, OrganizerPasswords.Stamp(organizer)),
        ], Scheme);
        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
    }

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(Scheme);

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirstValue(ApiKeyAuthenticationHandler.OrganizerIdClaim);
        var stamp = context.Principal?.FindFirstValue(StampClaim);
        var store = context.HttpContext.RequestServices.GetRequiredService<OrganizerStore>();
        var organizer = id is null ? null : await store.GetAsync(id, context.HttpContext.RequestAborted);
        if (organizer is null || organizer.IsDisabled || stamp != OrganizerPasswords.Stamp(organizer))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }
}
