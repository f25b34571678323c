using IvrGateway.Mail.Composition;
using IvrGateway.Mail.Outbox;
using IvrGateway.Mail.Transport;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IvrGateway.Mail;

public static class MailRegistration
{
    /// <summary>The transport (SMTP, or the .eml folder without a host), the durable outbox in Redis and its worker on every node.</summary>
    public static WebApplicationBuilder AddMail(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailOptions>, MailOptionsValidator>();
        services.AddMailPipelines();
        services.AddSingleton<OutboxFolder>();
        services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<IOptions<MailOptions>>().Value.UsesSmtp
            ? ActivatorUtilities.CreateInstance<SmtpMailTransport>(sp)
            : ActivatorUtilities.CreateInstance<OutboxFolderTransport>(sp));
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<MailComposers>();
        services.AddMailComposer<TestMessageComposer>();
        services.AddSingleton<MailMetrics>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService<OutboxWorker>();
        return builder;
    }

    /// <summary>Registers the composer of one message kind (each feature adds its own).</summary>
    public static IServiceCollection AddMailComposer<TComposer>(this IServiceCollection services) where TComposer : class, IMailComposer
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailComposer, TComposer>());
        return services;
    }
}
