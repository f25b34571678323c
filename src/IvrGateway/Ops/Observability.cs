using IvrGateway.Infrastructure.Redaction;
using IvrGateway.Infrastructure.Telemetry;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using OpenTelemetry.Metrics;

namespace IvrGateway.Ops;

internal static class Observability
{
    /// <summary>
    /// Prometheus metrics from OpenTelemetry, and structured JSON logs in which classified values
    /// (caller numbers, secrets) pass through redactors before any log provider sees them.
    /// </summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(GatewayMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());

        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.IncludeScopes = true;
            });
        }
        // No discriminator: it appends the property name to the value, which suits hashing
        // redactors but would be masked into the number.
        builder.Logging.EnableRedaction(o => o.ApplyDiscriminator = false);
        builder.Services.AddRedaction(redaction =>
        {
            redaction.SetRedactor<CallerNumberRedactor>(new DataClassificationSet(IvrData.CallerNumber));
            redaction.SetRedactor<ErasingRedactor>(new DataClassificationSet(IvrData.Secret));
            redaction.SetFallbackRedactor<ErasingRedactor>();
        });
        return builder;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
