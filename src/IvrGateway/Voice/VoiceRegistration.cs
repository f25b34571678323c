using System.Net;
using IvrGateway.Voice.CallMe;
using IvrGateway.Voice.Flow;
using IvrGateway.Voice.State;
using IvrGateway.Voice.Steps;
using IvrGateway.Voice.Twilio;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace IvrGateway.Voice;

public static class VoiceRegistration
{
    /// <summary>The Twilio side: options, the flow from ivr-flows/, the call state stores and the steps.</summary>
    public static WebApplicationBuilder AddVoice(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TwilioOptions>().BindConfiguration(TwilioOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TwilioOptions>, TwilioOptionsValidator>();
        services.AddOptions<VoiceOptions>().BindConfiguration(VoiceOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<VoiceOptions>, VoiceOptionsValidator>();
        services.AddOptions<BruteForceOptions>().BindConfiguration(BruteForceOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BruteForceOptions>, BruteForceOptionsValidator>();

        // Forwarded headers are believed only from trusted proxies (loopback unless Twilio:TrustedProxies says more).
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var network in builder.Configuration.GetSection("Twilio:TrustedProxies").Get<string[]>() ?? [])
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Contains('/', StringComparison.Ordinal) ? network : network + (IPAddress.Parse(network).AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "/128" : "/32")));
            }
        });

        services.AddSingleton(sp => FlowLoader.Load(sp.GetRequiredService<IOptions<VoiceOptions>>().Value.FlowDirectory));
        services.AddHostedService<FlowStartupCheck>();
        services.AddHealthChecks().AddCheck<FlowHealthCheck>("flow", tags: ["ready"]);
        services.AddSingleton(sp => new CallShards(sp.GetRequiredService<IOptions<Infrastructure.RedisOptions>>().Value.CallerShards));
        services.AddSingleton<CallerShardStore>();
        services.AddSingleton<FailureRateAlarm>();
        services.AddSingleton<Admitter>();
        services.AddSingleton<IncomingCall>();
        services.AddSingleton<Callbacks>();
        services.AddSingleton<ContextFactory>();
        services.AddSingleton<IFlowStep, AccessCodeStep>();
        services.AddSingleton<IFlowStep, PasscodeStep>();
        services.AddSingleton<IFlowStep, OrganizerOfferStep>();
        services.AddSingleton<IFlowStep, HostPinStep>();
        services.AddSingleton<FlowSteps>();
        services.AddSingleton<TwilioSignatureFilter>();
        services.AddSingleton<OutageJournal>();
        services.AddSingleton<WebhookTiming>();
        services.AddHostedService(sp => sp.GetRequiredService<OutageJournal>());
        services.AddSingleton<FinalAnswerFilter>();
        services.AddSingleton<CallMeTickets>();
        services.AddSingleton<CallMeCall>();
        // Closes calls whose status callback never came, on every node.
        services.AddSingleton<CallSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<CallSweeper>());
        return builder;
    }
}

/// <summary>Loads and checks ivr-flows/ before the server listens, so a broken flow stops the start.</summary>
internal sealed class FlowStartupCheck(IServiceProvider services, ILogger<FlowStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var flow = services.GetRequiredService<IvrFlow>();
        logger.LogInformation("Call flow loaded: {Steps} steps, locales {Locales}", flow.Steps.Count, string.Join(", ", flow.Locales.Keys));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
