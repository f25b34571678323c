using System.Security.Claims;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Auth;
using IvrGateway.Infrastructure.Http;
using IvrGateway.Organizers;
using IvrGateway.Scheduling.Invitations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace IvrGateway.Scheduling;

internal static class MeetingEndpoints
{
    private const int ListLimit = 500;

    /// <summary>
    /// Scheduled meetings: the organizer's own, and every one for ops (read only). The route says
    /// "conferences": it is the public contract, kept as it was.
    /// </summary>
    public static RouteGroupBuilder MapMeetingApi(this RouteGroupBuilder api)
    {
        var organizer = api.MapGroup("/conferences").RequireAuthorization(Policies.Organizer).WithTags("Conferences");
        organizer.MapPost("/", CreateAsync).WithName("CreateConference").Accepts<CreateMeetingRequest>("application/json");
        organizer.MapGet("/", ListAsync).WithName("ListConferences");
        organizer.MapPatch("/{id}", RescheduleAsync).WithName("RescheduleConference").Accepts<RescheduleRequest>("application/json");
        organizer.MapDelete("/{id}", CancelAsync).WithName("CancelConference");
        organizer.MapInvitationApi();
        organizer.MapInviteeApi();

        var reader = api.MapGroup("/conferences").RequireAuthorization(Policies.OrganizerOrOps).WithTags("Conferences");
        reader.MapGet("/{id}", GetAsync).WithName("GetConference");
        return api.MapPersonalCodeApi();
    }

    private static async Task<Results<Created<MeetingView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        JsonBody<CreateMeetingRequest> body, ClaimsPrincipal user, OrganizerStore organizers, MeetingScheduler scheduler, MeetingViews views, CancellationToken ct)
    {
        var organizer = await organizers.GetAsync(user.OrganizerId(), ct);
        if (organizer is null)
        {
            return OrganizerGone();
        }
        return await scheduler.CreateAsync(organizer, body.Value, ct) switch
        {
            ScheduleOutcome.Scheduled(var meeting) => TypedResults.Created($"/api/v1/conferences/{meeting.Id}", views.Render(meeting)),
            ScheduleOutcome.Invalid(var errors) => Problems.Fields(errors),
            var failure => Failure(failure),
        };
    }

    private static async Task<Results<Ok<List<MeetingView>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string? view, ClaimsPrincipal user, OrganizerStore organizers, MeetingStore store, MeetingViews views,
        TimeProvider time, IOptions<SchedulingOptions> options, CancellationToken ct)
    {
        view ??= "upcoming";
        if (view is not ("today" or "upcoming"))
        {
            return Problems.Field("view", "view must be today or upcoming.");
        }
        var organizer = await organizers.GetAsync(user.OrganizerId(), ct);
        if (organizer is null)
        {
            return OrganizerGone();
        }
        var now = time.GetUtcNow();
        IEnumerable<Meeting> meetings;
        if (view == "today")
        {
            // "Today" is the organizer's calendar day, not UTC's.
            var zone = TimeZones.FindIana(organizer.TimeZone) ?? TimeZoneInfo.Utc;
            var localMidnight = TimeZoneInfo.ConvertTime(now, zone).Date;
            var from = new DateTimeOffset(localMidnight, zone.GetUtcOffset(localMidnight));
            var nextMidnight = localMidnight.AddDays(1);
            var to = new DateTimeOffset(nextMidnight, zone.GetUtcOffset(nextMidnight));
            meetings = await store.ListAsync(organizer.Id, from, to, ListLimit, ct);
        }
        else
        {
            var from = now - TimeSpan.FromMinutes(MeetingFields.MaxDurationMinutes) - options.Value.Grace;
            meetings = (await store.ListAsync(organizer.Id, from, DateTimeOffset.MaxValue, ListLimit, ct))
                .Where(m => m.End > now);
        }
        return TypedResults.Ok(meetings.Where(m => m.Status == MeetingStatus.Scheduled).Select(views.Render).ToList());
    }

    /// <summary>The organizer reads their meeting with its codes and invitations; ops read every meeting's metadata, never its secrets.</summary>
    private static async Task<Results<Ok<MeetingView>, Ok<MeetingMetadataView>, ProblemHttpResult>> GetAsync(
        string id, ClaimsPrincipal user, MeetingStore store, MeetingViews views, CancellationToken ct)
    {
        var stored = await store.GetAsync(id, ct);
        if (stored is null || !MeetingAccess.MayRead(user, stored.Meeting))
        {
            return Problems.NotFound("No such meeting.");
        }
        return user.IsOps() ? TypedResults.Ok(MeetingViews.Metadata(stored.Meeting)) : TypedResults.Ok(views.Render(stored.Meeting));
    }

    private static async Task<Results<Ok<MeetingView>, ValidationProblem, ProblemHttpResult>> RescheduleAsync(
        string id, JsonBody<RescheduleRequest> body, ClaimsPrincipal user, OrganizerStore organizers, MeetingScheduler scheduler, MeetingViews views, CancellationToken ct)
    {
        var organizer = await organizers.GetAsync(user.OrganizerId(), ct);
        if (organizer is null)
        {
            return OrganizerGone();
        }
        return await scheduler.RescheduleAsync(organizer, id, body.Value, ct) switch
        {
            ScheduleOutcome.Scheduled(var meeting) => TypedResults.Ok(views.Render(meeting)),
            ScheduleOutcome.Invalid(var errors) => Problems.Fields(errors),
            var failure => Failure(failure),
        };
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> CancelAsync(
        string id, ClaimsPrincipal user, OrganizerStore organizers, MeetingScheduler scheduler, CancellationToken ct)
    {
        var organizer = await organizers.GetAsync(user.OrganizerId(), ct);
        if (organizer is null)
        {
            return OrganizerGone();
        }
        return await scheduler.CancelAsync(organizer, id, ct) switch
        {
            ScheduleOutcome.Scheduled => TypedResults.NoContent(),
            ScheduleOutcome.Invalid(var errors) => Problems.Fields(errors),
            var failure => Failure(failure),
        };
    }

    private static ProblemHttpResult OrganizerGone() => Problems.NotFound("This organizer no longer exists.");

    /// <summary>A meeting that cannot be found or changed, as the problem document the API has always answered with.</summary>
    private static ProblemHttpResult Failure(ScheduleOutcome outcome) => outcome switch
    {
        ScheduleOutcome.NotFound(var reason) => Problems.NotFound(reason),
        ScheduleOutcome.Conflict(var reason) => Problems.Conflict(reason),
        _ => throw new InvalidOperationException($"{outcome.GetType().Name} is not a failure."),
    };
}
