using IvrGateway.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace IvrGateway.Conferences;

public static class ConferencesRegistration
{
    /// <summary>Twilio's REST API (Call me, host controls) and the live roster the portal shows.</summary>
    public static WebApplicationBuilder AddConferences(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TwilioRestOptions>().BindConfiguration(TwilioRestOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TwilioRestOptions>, TwilioRestOptionsValidator>();
        services.AddTwilioRest();
        services.AddSingleton<LiveRosters>();
        services.AddSingleton<ConferenceControl>();
        services.AddSingleton<CallMeDialer>();
        services.AddOptions<CallMeOptions>().BindConfiguration(CallMeOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CallMeOptions>, CallMeOptionsValidator>();
        services.AddSingleton<CallMeDestinations>();
        return builder;
    }

    internal static IServiceCollection AddTwilioRest(this IServiceCollection services)
    {
        services.AddHttpClient(TwilioRest.HttpClientName)
            .AddHttpMessageHandler(sp => new TwilioRest.ApiBaseHandler(sp.GetRequiredService<IOptions<TwilioRestOptions>>().Value.ApiBaseUrl));
        services.AddResiliencePipeline(TwilioRest.SafePipeline, static (builder, context) =>
        {
            var o = context.ServiceProvider.GetRequiredService<IOptions<TwilioRestOptions>>().Value;
            // Waiting on a socket: the real clock, even under a test's fake one.
            builder.TimeProvider = context.ServiceProvider.GetRequiredService<RealTime>();
            builder.AddTimeout(TimeSpan.FromSeconds(o.TimeoutSeconds));
            if (o.Retries > 0)
            {
                builder.AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is { } e && TwilioRest.IsTransient(e)),
                    MaxRetryAttempts = o.Retries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(300),
                });
            }
        });
        services.AddResiliencePipeline(TwilioRest.OncePipeline, static (builder, context) =>
        {
            var o = context.ServiceProvider.GetRequiredService<IOptions<TwilioRestOptions>>().Value;
            builder.TimeProvider = context.ServiceProvider.GetRequiredService<RealTime>();
            builder.AddTimeout(TimeSpan.FromSeconds(o.TimeoutSeconds));
        });
        services.AddSingleton<TwilioRest>();
        return services;
    }

}
