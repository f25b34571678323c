using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using IvrGateway.Infrastructure.RateLimiting;
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
    IOrganizerKeyDirectory organizers,
    ApiKeyFailureLimiter failures,
    WrongKeyLog wrongKeys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string OrganizerIdClaim = "organizer_id";
    public const string StoreUnavailableKey = "ivr.auth.store-unavailable";
    public const string RetryAfterKey = "ivr.auth.retry-after";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }
        var address = ClientAddress.Of(Context);
        // An address that used up its failures is refused before its key is compared: a 429 must not
        // turn into a 200 for the one right guess, or the limit would only slow the search down.
        if (failures.Blocked(address) is { } blocked)
        {
            Context.Items[RetryAfterKey] = blocked;
            return AuthenticateResult.Fail("Too many failed API keys from this address.");
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 512)
        {
            return Refused(address, "The Authorization header must be 'Bearer <api key>'.");
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
            ? Refused(address, "Unknown API key.")
            : Success(Roles.Organizer, new Claim(OrganizerIdClaim, organizerId));
    }

    /// <summary>A failed key: counted against the address (the failure that uses up its budget is already a 429) and logged within the log's own limit.</summary>
    private AuthenticateResult Refused(string address, string reason)
    {
        wrongKeys.Refused("API key", address);
        if (failures.Failed(address) is { } retryAfter)
        {
            Context.Items[RetryAfterKey] = retryAfter;
        }
        return AuthenticateResult.Fail(reason);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(StoreUnavailableKey))
        {
            await Problems.WriteUnavailableAsync(Context);
            return;
        }
        if (Context.Items[RetryAfterKey] is TimeSpan retryAfter)
        {
            await RateLimitRegistration.TooManyRequests(Context, retryAfter, "Too many failed API keys from this address.");
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
