using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace IvrGateway.CallLog;

internal static class CallLogRegistration
{
    /// <summary>The call log (queries, exports), attendance, security events and the calls-in-progress gauge.</summary>
    public static WebApplicationBuilder AddCallLog(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CallLogOptions>().BindConfiguration(CallLogOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CallLogOptions>, CallLogOptionsValidator>();
        services.AddSingleton<CallLogStore>();
        services.AddSingleton<SecurityEventLog>();
        services.AddHostedService<CallsInProgressGauge>();
        return builder;
    }
}
