using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace IvrGateway.Infrastructure.Auth;

internal static class AuthRegistration
{
    /// <summary>
    /// API-key authentication and the role policies of the management API. Organizer keys are
    /// resolved through <see cref="IOrganizerKeyDirectory"/>, which the Organizers feature registers.
    /// </summary>
    public static WebApplicationBuilder AddApiKeyAuthentication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>();
        // The framework logs every failed authentication at Information; wrong keys are logged by
        // WrongKeyLog instead, within a limit, so a flood of wrong keys cannot flood the logs.
        builder.Logging.AddFilter(typeof(ApiKeyAuthenticationHandler).FullName, LogLevel.Warning);
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireRole(Roles.Admin))
            .AddPolicy(Policies.Ops, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireRole(Roles.Ops))
            .AddPolicy(Policies.Organizer, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireRole(Roles.Organizer))
            .AddPolicy(Policies.OrganizerOrOps, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireRole(Roles.Organizer, Roles.Ops));
        return builder;
    }
}
