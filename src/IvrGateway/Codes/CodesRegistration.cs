using Microsoft.Extensions.Options;

namespace IvrGateway.Codes;

public static class CodesRegistration
{
    /// <summary>Code generation, keyed hashing and encryption of secrets, and the access slots codes lead to.</summary>
    public static WebApplicationBuilder AddCodes(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CodeSecretOptions>().BindConfiguration(CodeSecretOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CodeSecretOptions>, CodeSecretOptionsValidator>();
        builder.Services.AddSingleton<SecretHasher>();
        builder.Services.AddSingleton<SecretProtector>();
        builder.Services.AddKeyRingEncryption();
        builder.Services.AddSingleton<IAccessCodeGenerator, RandomAccessCodeGenerator>();
        builder.Services.AddSingleton<AccessSlotStore>();
        builder.Services.AddSingleton<HostPinStore>();
        builder.Services.AddSingleton<CodeLookup>();
        return builder;
    }
}
