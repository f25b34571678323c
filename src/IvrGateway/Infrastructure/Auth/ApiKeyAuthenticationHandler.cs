using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace IvrGateway.Infrastructure.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c>. The admin and ops keys come from configuration and
/// are compared in constant time; organizer keys are looked up by keyed hash, never stored.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<ApiKeyOptions> keys,
    IOrganizerKeyDirectory organizers)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string OrganizerIdClaim = "organizer_id";
    public const string StoreUnavailableKey = "ivr.auth.store-unavailable";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 512)
        {
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <api key>'.");
        }
        var presented = header["Bearer ".Length..].Trim();
        if (Matches(presented, keys.Value.AdminApiKey))
        {
            return Success(Roles.Admin);
        }
        if (Matches(presented, keys.Value.OpsApiKey))
        {
            return Success(Roles.Ops);
        }
        string? organizerId;
        try
        {
            organizerId = await organizers.FindOrganizerIdAsync(presented, Context.RequestAborted);
        }
        catch (StoreUnavailableException)
        {
            // Authentication cannot decide; the endpoint's 503 is more honest than a 401.
            Context.Items[StoreUnavailableKey] = true;
            return AuthenticateResult.Fail("The key store is unavailable.");
        }
        return organizerId is null
            ? AuthenticateResult.Fail("Unknown API key.")
            : Success(Roles.Organizer, new Claim(OrganizerIdClaim, organizerId));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(StoreUnavailableKey))
        {
            await Problems.Unavailable().ExecuteAsync(Context);
            return;
        }
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(statusCode: 401, title: "Unauthorized", detail: "Send a valid API key as 'Authorization: Bearer <key>'.").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: 403, title: "Forbidden", detail: "This API key may not call this endpoint.").ExecuteAsync(Context);

    private AuthenticateResult Success(string role, params Claim[] extra)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Role, role), .. extra], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private static bool Matches(string presented, string? configured) =>
        !string.IsNullOrEmpty(configured) &&
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
}
