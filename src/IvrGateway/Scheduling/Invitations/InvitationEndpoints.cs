using System.Security.Claims;
using IvrGateway.Infrastructure.Auth;
using IvrGateway.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrGateway.Scheduling.Invitations;

internal static class InvitationEndpoints
{
    /// <summary>The organizer sends a meeting's invitations again, as the meeting stands now: to everyone invited, or to one of them.</summary>
    public static RouteGroupBuilder MapInvitationApi(this RouteGroupBuilder conferences)
    {
        conferences.MapPost("/{id}/invitations/resend", ResendAllAsync).WithName("ResendInvitations");
        conferences.MapPost("/{id}/invitations/{contactId}/resend", ResendOneAsync).WithName("ResendInvitation");
        return conferences;
    }

    private static Task<Results<Accepted<ResendView>, ProblemHttpResult>> ResendAllAsync(
        string id, ClaimsPrincipal user, MeetingStore store, InvitationOutbox invitations, TimeProvider time, CancellationToken ct) =>
        ResendAsync(id, contactId: null, user, store, invitations, time, ct);

    private static Task<Results<Accepted<ResendView>, ProblemHttpResult>> ResendOneAsync(
        string id, string contactId, ClaimsPrincipal user, MeetingStore store, InvitationOutbox invitations, TimeProvider time, CancellationToken ct) =>
        ResendAsync(id, contactId, user, store, invitations, time, ct);

    private static async Task<Results<Accepted<ResendView>, ProblemHttpResult>> ResendAsync(
        string id, string? contactId, ClaimsPrincipal user, MeetingStore store, InvitationOutbox invitations, TimeProvider time, CancellationToken ct)
    {
        var stored = await store.GetAsync(id, ct);
        if (stored?.Meeting is not { } meeting || meeting.OrganizerId != user.OrganizerId())
        {
            return Problems.NotFound("No such meeting.");
        }
        var invitees = meeting.Invitees.Where(i => contactId is null || i.ContactId == contactId).ToList();
        if (contactId is not null && invitees.Count == 0)
        {
            return Problems.NotFound("This contact is not invited to this meeting.");
        }
        if (meeting.Status == MeetingStatus.Cancelled)
        {
            return Problems.Conflict("This meeting is cancelled; its invitations are no longer sent.");
        }
        var now = time.GetUtcNow();
        foreach (var invitee in invitees)
        {
            await invitations.ResendAsync(meeting, invitee, now, ct);
        }
        return TypedResults.Accepted($"/api/v1/conferences/{meeting.Id}", new ResendView(invitees.Select(i => i.ContactId).ToList()));
    }
}

/// <summary>Who an invitation is sent to again (by contact id).</summary>
internal sealed record ResendView(IReadOnlyList<string> ContactIds);
