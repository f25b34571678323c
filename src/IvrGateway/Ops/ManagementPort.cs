using Microsoft.Extensions.Options;

namespace IvrGateway.Ops;

/// <summary><c>Management:Port</c>: a second port for <c>/metrics</c> and <c>/openapi</c>, so they need not be public.</summary>
internal sealed class ManagementOptions
{
    public const string SectionName = "Management";

    /// <summary>Unset: metrics and the OpenAPI document are served on the public port(s), as before.</summary>
    public int? Port { get; set; }
}

internal sealed class ManagementOptionsValidator : IValidateOptions<ManagementOptions>
{
    public ValidateOptionsResult Validate(string? name, ManagementOptions options) =>
        options.Port is null or (>= 1 and <= 65535)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Management:Port must be a TCP port between 1 and 65535.");
}

/// <summary>
/// With <c>Management:Port</c> set, Kestrel also listens on that port (all interfaces: firewall it
/// to the monitoring network), <c>/metrics</c> and <c>/openapi</c> answer only there (404 on the
/// public port), and the management port serves nothing else but the health endpoints. The port a
/// request arrived on is the connection's, not the Host header's, which a client chooses.
/// </summary>
internal static class ManagementPort
{
    private static readonly string[] ManagementPaths = ["/metrics", "/openapi"];

    public static WebApplicationBuilder AddManagementPort(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ManagementOptions>().BindConfiguration(ManagementOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ManagementOptions>, ManagementOptionsValidator>();
        if (int.TryParse(builder.Configuration["Management:Port"], out var port) && port is >= 1 and <= 65535)
        {
            // Kestrel ignores the configured URLs once code names an endpoint, so the management
            // endpoint is added to them rather than beside them. (With Kestrel:Endpoints in the
            // configuration these URLs are ignored too: metrics are then nowhere, never public.)
            var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
            if (string.IsNullOrWhiteSpace(urls))
            {
                var httpPorts = builder.Configuration["HTTP_PORTS"] ?? builder.Configuration["http_ports"];
                urls = string.IsNullOrWhiteSpace(httpPorts)
                    ? "http://localhost:5000"
                    : string.Join(';', httpPorts.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}"));
            }
            builder.WebHost.UseUrls($"{urls};http://*:{port}");
        }
        return builder;
    }

    public static WebApplication UseManagementPort(this WebApplication app)
    {
        var port = app.Services.GetRequiredService<IOptions<ManagementOptions>>().Value.Port;
        if (port is null)
        {
            return app;
        }
        app.Use((http, next) =>
        {
            var management = http.Connection.LocalPort == port;
            var path = http.Request.Path;
            var managementPath = ManagementPaths.Any(p => path.StartsWithSegments(p));
            var allowed = management ? managementPath || path.StartsWithSegments("/health") : !managementPath;
            if (!allowed)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return next(http);
        });
        return app;
    }
}
