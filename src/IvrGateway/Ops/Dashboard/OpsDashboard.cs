using IvrGateway.CallLog;
namespace IvrGateway.Ops.Dashboard;

/// <summary>
/// The ops dashboard at <c>/ops</c>: server-rendered Razor Pages behind a cookie of its own, a
/// server-sent-events stream that keeps the live view current, and a cookie-authenticated export.
/// </summary>
internal static class OpsDashboard
{
    public const string PathPrefix = "/ops";

    private const string PagesFolder = "/Ops/Dashboard/Pages";

    public static WebApplicationBuilder AddOpsDashboard(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOpsSignIn();
        // The project root is the Razor Pages root, so each feature keeps its pages in its own folder (every page's route is absolute).
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/";
            // Every page of every feature: an unknown ?handler= is 404, never a page rendered with nothing loaded.
            o.Conventions.ConfigureFilter(new Infrastructure.Pages.UnknownHandlerFilter());
            o.Conventions.AuthorizeFolder(PagesFolder, OpsSession.Policy);
            o.Conventions.AllowAnonymousToPage(PagesFolder + "/SignIn");
        });
        services.AddSingleton<LiveSnapshots>();
        return builder;
    }

    public static WebApplication MapOpsDashboard(this WebApplication app)
    {
        app.UseWhen(http => http.Request.Path.StartsWithSegments(PathPrefix), branch => branch.UseMiddleware<DashboardHeaders>());
        app.MapRazorPages();
        var ops = app.MapGroup(PathPrefix).RequireAuthorization(OpsSession.Policy).ExcludeFromDescription();
        ops.MapGet("/live", LiveStream.RunAsync);
        // A signed-in browser cannot send the ops key as a Bearer header: the same export behind the cookie.
        ops.MapGet("/calls/export", CallLogExport.RunAsync);
        return app;
    }
}
