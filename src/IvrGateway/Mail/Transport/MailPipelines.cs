using IvrGateway.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace IvrGateway.Mail.Transport;

/// <summary>The resilience pipeline of the SMTP failure domain.</summary>
public static class MailPipelines
{
    public const string Smtp = "mail-smtp";

    internal static IServiceCollection AddMailPipelines(this IServiceCollection services)
    {
        services.AddResiliencePipeline(Smtp, static (builder, context) =>
        {
            var smtp = context.ServiceProvider.GetRequiredService<IOptions<MailOptions>>().Value.Smtp;
            // Waiting on a socket: the real clock, even under a test's fake one.
            builder.TimeProvider = context.ServiceProvider.GetRequiredService<RealTime>();
            if (smtp.Retries > 0)
            {
                builder.AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = MailFailures.Transient,
                    MaxRetryAttempts = smtp.Retries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromSeconds(1),
                });
            }
            builder.AddTimeout(TimeSpan.FromSeconds(smtp.TimeoutSeconds));
        });
        return services;
    }
}
