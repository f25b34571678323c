using System.Security.Claims;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Auth;
using IvrGateway.Infrastructure.Http;
using IvrGateway.Organizers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrGateway.Scheduling;

/// <summary>Contacts to invite to a scheduled meeting, by address-book id (the JSON is the public contract).</summary>
internal sealed record AddInviteesRequest(List<string>? ContactIds);

internal static class InviteeEndpoints
{
    /// <summary>The organizer invites more contacts to a scheduled meeting, or removes one (whose passcode and link stop working at once).</summary>
    public static RouteGroupBuilder MapInviteeApi(this RouteGroupBuilder conferences)
    {
        conferences.MapPost("/{id}/invitees", AddAsync).WithName("AddInvitees").Accepts<AddInviteesRequest>("application/json");
        conferences.MapDelete("/{id}/invitees/{contactId}", RemoveAsync).WithName("RemoveInvitee");
        return conferences;
    }

    private static async Task<Results<Ok<MeetingView>, ValidationProblem, ProblemHttpResult>> AddAsync(
        string id, JsonBody<AddInviteesRequest> body, ClaimsPrincipal user, OrganizerStore organizers, MeetingScheduler scheduler, MeetingViews views,
        CancellationToken ct)
    {
        var organizer = await organizers.GetAsync(user.OrganizerId(), ct);
        if (organizer is null)
        {
            return Problems.NotFound("This organizer no longer exists.");
        }
        return await scheduler.AddInviteesAsync(organizer, id, body.Value.ContactIds, ct) switch
        {
            ScheduleOutcome.Scheduled(var meeting) => TypedResults.Ok(views.Render(meeting)),
            ScheduleOutcome.Invalid(var errors) => Problems.Fields(errors),
            var failure => Failure(failure),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        string id, string contactId, ClaimsPrincipal user, OrganizerStore organizers, MeetingScheduler scheduler, CancellationToken ct)
    {
        var organizer = await organizers.GetAsync(user.OrganizerId(), ct);
        if (organizer is null)
        {
            return Problems.NotFound("This organizer no longer exists.");
        }
        return await scheduler.RemoveInviteeAsync(organizer, id, contactId, ct) switch
        {
            ScheduleOutcome.Scheduled => TypedResults.NoContent(),
            var failure => Failure(failure),
        };
    }

    private static ProblemHttpResult Failure(ScheduleOutcome outcome) => outcome switch
    {
        ScheduleOutcome.NotFound(var reason) => Problems.NotFound(reason),
        ScheduleOutcome.Conflict(var reason) => Problems.Conflict(reason),
        _ => throw new InvalidOperationException($"{outcome.GetType().Name} is not a failure."),
    };
}
