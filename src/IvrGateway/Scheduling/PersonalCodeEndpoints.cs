using System.Security.Claims;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Auth;
using IvrGateway.Infrastructure.Security;
using IvrGateway.Organizers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrGateway.Scheduling;

internal sealed record RotatedPersonalCode(string PersonalAccessCode);

internal static class PersonalCodeEndpoints
{
    /// <summary><c>POST /api/v1/me/personal-access-code</c>: a new personal code (shown once); the old one stops at once.</summary>
    public static RouteGroupBuilder MapPersonalCodeApi(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").RequireAuthorization(Policies.Organizer).WithTags("Organizer");
        me.MapPost("/personal-access-code", RotateAsync).WithName("RotatePersonalAccessCode");
        return api;
    }

    private static async Task<Results<Ok<RotatedPersonalCode>, ProblemHttpResult>> RotateAsync(
        ClaimsPrincipal user, OrganizerStore organizers, PersonalCodeRotation rotation, SecurityEventLog securityEvents, TimeProvider time,
        CancellationToken ct)
    {
        var organizer = await organizers.GetAsync(user.OrganizerId(), ct);
        if (organizer is null)
        {
            return Problems.NotFound("This organizer no longer exists.");
        }
        return await rotation.RotateAsync(organizer, ct) switch
        {
            RotationOutcome.Rotated(var code) => Rotated(code, organizer.Id, securityEvents, time),
            RotationOutcome.MeetingsAhead(var count) => Problems.Conflict(
                $"{count} meeting(s) in your personal room are still ahead, and their invitations carry the current code. Cancel them (or schedule them with one-time codes) and rotate again."),
            RotationOutcome.Failed(var reason) => Problems.Conflict(reason),
            _ => throw new InvalidOperationException("Unknown rotation outcome."),
        };
    }

    private static Ok<RotatedPersonalCode> Rotated(string code, string organizerId, SecurityEventLog securityEvents, TimeProvider time)
    {
        securityEvents.Record(SecurityEventKind.PersonalCodeRotated, time.GetUtcNow(), callSid: null, caller: null, meetingId: null,
            $"organizer {organizerId} rotated its personal access code; the old code is refused and quarantined");
        return TypedResults.Ok(new RotatedPersonalCode(code));
    }
}
