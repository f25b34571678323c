using Microsoft.Extensions.Options;

namespace IvrGateway.Voice;

public static class VoiceRegistration
{
    /// <summary>The Twilio side: options now; the webhooks and flow engine register here too.</summary>
    public static WebApplicationBuilder AddVoice(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TwilioOptions>().BindConfiguration(TwilioOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TwilioOptions>, TwilioOptionsValidator>();
        return builder;
    }
}
