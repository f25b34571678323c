using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace IvrGateway.Organizers;

public static class OrganizersRegistration
{
    /// <summary>Organizer accounts and the API-key authentication every management call goes through.</summary>
    public static WebApplicationBuilder AddOrganizers(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>();
        services.AddSingleton<OrganizerStore>();
        services.AddSingleton<OrganizerAccounts>();
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
