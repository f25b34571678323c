using IvrGateway.Organizers.Passwords;
using IvrGateway.Portal.Account;
using IvrGateway.Scheduling;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace IvrGateway.Portal;

/// <summary>The organizer's portal at <c>/portal</c>: server-rendered Razor Pages behind the organizer's own cookie.</summary>
internal static class PortalRegistration
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddPortalSignIn();
        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeFolder("/Portal", PortalSession.Policy);
            // The account pages a visitor without a session needs; changing the password (also in Account) needs one.
            o.Conventions.AllowAnonymousToPage("/Portal/Account/SignIn");
            o.Conventions.AllowAnonymousToPage("/Portal/Account/SignOut");
            o.Conventions.AllowAnonymousToPage("/Portal/Account/SetPassword");
            o.Conventions.AllowAnonymousToPage("/Portal/Account/ForgotPassword");
        });
        services.AddSingleton<IPasswordPageAddress, PasswordPageAddress>();
        services.AddSingleton<Live.LivePanels>();
        services.AddAccountMail();
        return builder;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        app.UseWhen(http => http.Request.Path.StartsWithSegments(PortalSession.PathPrefix), branch => branch.UseMiddleware<PortalHeaders>());
        app.MapGet("/", () => Results.Redirect(PortalSession.PathPrefix)).ExcludeFromDescription();
        return app;
    }

    private sealed class PasswordPageAddress(IOptions<SchedulingOptions> scheduling) : IPasswordPageAddress
    {
        public string SetPasswordUrl(string token) =>
            scheduling.Value.PublicBaseUrl.TrimEnd('/') + PortalSession.PathPrefix + "/password/set?token=" + Uri.EscapeDataString(token);
    }
}
