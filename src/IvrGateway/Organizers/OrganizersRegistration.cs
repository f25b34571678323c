using IvrGateway.Infrastructure.Auth;
using IvrGateway.Organizers.Passwords;
using Microsoft.Extensions.Options;

namespace IvrGateway.Organizers;

internal static class OrganizersRegistration
{
    /// <summary>Organizer accounts, and the key directory through which API-key authentication finds an organizer.</summary>
    public static WebApplicationBuilder AddOrganizers(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<OrganizerStore>();
        services.AddSingleton<OrganizerAccounts>();
        services.AddSingleton<OrganizerPasswords>();
        services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<Organizer>, Microsoft.AspNetCore.Identity.PasswordHasher<Organizer>>();
        services.AddSingleton<IOrganizerKeyDirectory, OrganizerKeyDirectory>();
        services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SignInOptions>, SignInOptionsValidator>();
        return builder;
    }
}
