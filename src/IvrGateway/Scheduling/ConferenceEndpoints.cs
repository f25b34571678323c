using IvrGateway.Infrastructure;
using IvrGateway.Organizers;
using Microsoft.Extensions.Options;

namespace IvrGateway.Scheduling;

internal static class ConferenceEndpoints
{
    private const int ListLimit = 500;

    /// <summary>Scheduled conferences: the organizer's own, and every one for ops (read only).</summary>
    public static RouteGroupBuilder MapConferenceApi(this RouteGroupBuilder api)
    {
        var conferences = api.MapGroup("/conferences").WithTags("Conferences");
        conferences.MapPost("/", CreateAsync).RequireAuthorization(Policies.Organizer).WithName("CreateConference")
            .Accepts<CreateConferenceRequest>("application/json").Produces<ConferenceView>(201);
        conferences.MapGet("/", ListAsync).RequireAuthorization(Policies.Organizer).WithName("ListConferences");
        conferences.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.OrganizerOrOps).WithName("GetConference");
        conferences.MapMethods("/{id}", ["PATCH"], RescheduleAsync).RequireAuthorization(Policies.Organizer).WithName("RescheduleConference")
            .Accepts<RescheduleRequest>("application/json");
        conferences.MapDelete("/{id}", CancelAsync).RequireAuthorization(Policies.Organizer).WithName("CancelConference");
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, OrganizerStore organizers, ConferenceScheduler scheduler, ConferenceViews views)
    {
        var (request, problem) = await JsonBody.ReadAsync<CreateConferenceRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        var organizer = await organizers.GetAsync(http.User.OrganizerId(), http.RequestAborted);
        if (organizer is null)
        {
            return Problems.NotFound("This organizer no longer exists.");
        }
        var result = await scheduler.CreateAsync(organizer, request!, http.RequestAborted);
        return result.Problem ?? TypedResults.Created($"/api/v1/conferences/{result.Meeting!.Id}", views.Render(result.Meeting));
    }

    private static async Task<IResult> ListAsync(HttpContext http, string? view, OrganizerStore organizers, MeetingStore store,
        ConferenceViews views, TimeProvider time, IOptions<SchedulingOptions> options)
    {
        view ??= "upcoming";
        if (view is not ("today" or "upcoming"))
        {
            return Problems.Field("view", "view must be today or upcoming.");
        }
        var organizer = await organizers.GetAsync(http.User.OrganizerId(), http.RequestAborted);
        if (organizer is null)
        {
            return Problems.NotFound("This organizer no longer exists.");
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
            meetings = await store.ListAsync(organizer.Id, from, to, ListLimit, http.RequestAborted);
        }
        else
        {
            var from = now - TimeSpan.FromMinutes(ConferenceFields.MaxDurationMinutes) - options.Value.Grace;
            meetings = (await store.ListAsync(organizer.Id, from, DateTimeOffset.MaxValue, ListLimit, http.RequestAborted))
                .Where(m => m.End > now);
        }
        return TypedResults.Ok(meetings.Where(m => m.Status == MeetingStatus.Scheduled).Select(views.Render).ToList());
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id, MeetingStore store, ConferenceViews views)
    {
        var stored = await store.GetAsync(id, http.RequestAborted);
        return stored is null || !MayRead(http, stored.Meeting)
            ? Problems.NotFound("No such meeting.")
            : TypedResults.Ok(views.Render(stored.Meeting));
    }

    private static async Task<IResult> RescheduleAsync(HttpContext http, string id, OrganizerStore organizers, ConferenceScheduler scheduler, ConferenceViews views)
    {
        var (request, problem) = await JsonBody.ReadAsync<RescheduleRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        var organizer = await organizers.GetAsync(http.User.OrganizerId(), http.RequestAborted);
        if (organizer is null)
        {
            return Problems.NotFound("This organizer no longer exists.");
        }
        var result = await scheduler.RescheduleAsync(organizer, id, request!, http.RequestAborted);
        return result.Problem ?? TypedResults.Ok(views.Render(result.Meeting!));
    }

    private static async Task<IResult> CancelAsync(HttpContext http, string id, OrganizerStore organizers, ConferenceScheduler scheduler)
    {
        var organizer = await organizers.GetAsync(http.User.OrganizerId(), http.RequestAborted);
        if (organizer is null)
        {
            return Problems.NotFound("This organizer no longer exists.");
        }
        var result = await scheduler.CancelAsync(organizer, id, http.RequestAborted);
        return result.Problem ?? TypedResults.NoContent();
    }

    /// <summary>An organizer reads only their own meetings (another's is a 404, not a 403: its existence is not revealed); ops read all.</summary>
    internal static bool MayRead(HttpContext http, Meeting meeting) =>
        http.User.IsOps() || (http.User.IsInRole(Roles.Organizer) && http.User.OrganizerId() == meeting.OrganizerId);
}
