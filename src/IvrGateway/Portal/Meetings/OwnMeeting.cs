using System.Security.Claims;
using IvrGateway.Infrastructure.Auth;
using IvrGateway.Organizers;
using IvrGateway.Scheduling;

namespace IvrGateway.Portal.Meetings;

/// <summary>The signed-in organizer and one of their meetings. Another organizer's meeting, and any id that is not a meeting's, is not found.</summary>
internal sealed record OwnMeeting(Organizer Organizer, Meeting Meeting)
{
    public static async Task<OwnMeeting?> FindAsync(ClaimsPrincipal user, string? id, OrganizerStore organizers, MeetingStore meetings, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(id) || !MeetingStore.IsMeetingId(id))
        {
            return null;
        }
        var organizer = await organizers.GetAsync(user.OrganizerId(), ct);
        if (organizer is null)
        {
            return null;
        }
        var stored = await meetings.GetAsync(id, ct);
        return stored is null || stored.Meeting.OrganizerId != organizer.Id ? null : new OwnMeeting(organizer, stored.Meeting);
    }
}
