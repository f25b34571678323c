using IvrGateway.Infrastructure.Redis;
using IvrGateway.Infrastructure.Telemetry;
using IvrGateway.Voice.Flow;

namespace IvrGateway.Voice;

/// <summary>Measures every webhook answer, by flow step: the latency Twilio (and the caller) waits for.</summary>
internal sealed class WebhookTiming(GatewayMetrics metrics, IvrFlow flow, RealTime clock) : IEndpointFilter
{
    private static readonly HashSet<string> Callbacks = new(StringComparer.Ordinal) 
    {
        "incoming", "wait", "conference", "status", "fallback", "client", "callme/answer", "callme/press",
    };

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var started = clock.GetTimestamp();
        try
        {
            return await next(context);
        }
        finally
        {
            // This runs before the signature check: only known names become metric labels.
            var step = ApologyFilter.StepName(context.HttpContext);
            metrics.Webhook(Callbacks.Contains(step) || flow.Step(step) is not null ? step : "unknown", clock.GetElapsedTime(started));
        }
    }
}
