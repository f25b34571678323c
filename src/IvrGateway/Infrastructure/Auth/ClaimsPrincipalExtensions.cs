using System.Security.Claims;

namespace IvrGateway.Infrastructure.Auth;

internal static class ClaimsPrincipalExtensions
{
    public static string OrganizerId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ApiKeyAuthenticationHandler.OrganizerIdClaim) ?? throw new InvalidOperationException("Not an organizer.");

    public static bool IsOps(this ClaimsPrincipal user) => user.IsInRole(Roles.Ops);
}
