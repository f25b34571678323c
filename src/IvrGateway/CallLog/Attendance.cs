using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Organizers;
using IvrGateway.Scheduling;

namespace IvrGateway.CallLog;

internal static class AttendanceEndpoints
{
    /// <summary>Who attended, as whom, when and how long: the organizer for their meetings, ops for any.</summary>
    public static RouteGroupBuilder MapAttendanceApi(this RouteGroupBuilder api)
    {
        api.MapGet("/conferences/{id}/attendance", GetAsync).RequireAuthorization(Policies.OrganizerOrOps)
            .WithTags("Conferences").WithName("GetAttendance");
        return api;
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id, MeetingStore meetings, AccessSlotStore slots)
    {
        var stored = await meetings.GetAsync(id, http.RequestAborted);
        if (stored is null || !ConferenceEndpoints.MayRead(http, stored.Meeting))
        {
            return Problems.NotFound("No such meeting.");
        }
        var entries = await slots.RosterAsync(stored.Meeting.SlotId, stored.Meeting.Id, http.RequestAborted);
        // Organizers see the numbers of their own invited contacts; ops see every number.
        return TypedResults.Ok(http.User.IsOps()
            ? entries
            : entries.Select(e => e.ContactId is null ? e with { CallerNumber = CallerMask.Mask(e.CallerNumber) } : e).ToList());
    }
}
