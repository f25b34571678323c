using System.Security.Claims;
using IvrGateway.Infrastructure.Auth;

namespace IvrGateway.Scheduling;

internal static class MeetingAccess
{
    /// <summary>An organizer reads only their own meetings (another's is a 404, not a 403: its existence is not revealed); ops read all.</summary>
    public static bool MayRead(ClaimsPrincipal user, Meeting meeting) =>
        user.IsOps() || (user.IsInRole(Roles.Organizer) && user.OrganizerId() == meeting.OrganizerId);
}
