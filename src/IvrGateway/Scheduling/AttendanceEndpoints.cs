using System.Security.Claims;
using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Auth;
using IvrGateway.Organizers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrGateway.Scheduling;

internal static class AttendanceEndpoints
{
    /// <summary>Who attended, as whom, when and how long: the organizer for their meetings, ops for any.</summary>
    public static RouteGroupBuilder MapAttendanceApi(this RouteGroupBuilder api)
    {
        var reader = api.MapGroup("/conferences").RequireAuthorization(Policies.OrganizerOrOps).WithTags("Conferences");
        reader.MapGet("/{id}/attendance", GetAsync).WithName("GetAttendance");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<AttendanceEntry>>, ProblemHttpResult>> GetAsync(
        string id, ClaimsPrincipal user, MeetingStore meetings, AccessSlotStore slots, OrganizerStore organizers, CancellationToken ct)
    {
        var stored = await meetings.GetAsync(id, ct);
        if (stored is null || !MeetingAccess.MayRead(user, stored.Meeting))
        {
            return Problems.NotFound("No such meeting.");
        }
        var entries = await slots.RosterAsync(stored.Meeting.SlotId, stored.Meeting.Id, ct);
        // Organizers see the numbers of their own invited contacts; ops see every number.
        if (user.IsOps())
        {
            return TypedResults.Ok(entries);
        }
        // The organizer tells invitees of one name apart by their address-book e-mail.
        var contactIds = entries.Select(e => e.ContactId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var contacts = await organizers.GetContactsAsync(stored.Meeting.OrganizerId, contactIds, ct);
        var emails = contactIds.Zip(contacts).Where(c => c.Second is not null).ToDictionary(c => c.First, c => c.Second!.Email, StringComparer.Ordinal);
        return TypedResults.Ok<IReadOnlyList<AttendanceEntry>>(entries
            .Select(e => e.ContactId is null
                ? e with { CallerNumber = CallerMask.Mask(e.CallerNumber) }
                : e with { ContactEmail = emails.GetValueOrDefault(e.ContactId) })
            .ToList());
    }
}
