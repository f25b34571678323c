using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.Diagnostics;
using StackExchange.Redis;

namespace IvrGateway.Infrastructure;

public static class InfrastructureRegistration
{
    /// <summary>Redis and its resilience pipelines, the clock, JSON and problem details: what every feature stands on.</summary>
    public static WebApplicationBuilder AddInfrastructure(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Telemetry.GatewayMetrics>();
        services.AddRedis(builder.Configuration);
        services.AddRedisResilience();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<StoreUnavailableHandler>();

        // The key ring lives in Redis so every node can decrypt what another encrypted.
        services.AddDataProtection().SetApplicationName("IvrGateway");
        services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer, RedisKeyspace>((o, redis, keys) =>
            o.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), keys.Key("dp", "keys")));
        return builder;
    }
}

/// <summary>Redis unreachable in an API call: 503 with a problem document, never a stack trace.</summary>
internal sealed class StoreUnavailableHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not StoreUnavailableException)
        {
            return false;
        }
        await Problems.WriteUnavailableAsync(httpContext);
        return true;
    }
}
