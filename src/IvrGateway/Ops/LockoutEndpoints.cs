using System.Security.Claims;
using System.Text.RegularExpressions;
using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Auth;
using IvrGateway.Infrastructure.Security;
using IvrGateway.Scheduling;
using IvrGateway.Voice.State;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrGateway.Ops;

/// <summary>
/// Lifting locks: a caller number's lockout, the pooled lockout of a dialed number's unverified callers, and an organizer's host-PIN lock (ops), a meeting's passcode protection (its
/// organizer, or ops for any). Every lift is a security event naming who lifted it, whether or not a lock was in force.
/// </summary>
internal static partial class LockoutEndpoints
{
    public static RouteGroupBuilder MapLockoutApi(this RouteGroupBuilder api)
    {
        var callers = api.MapGroup("/lockouts").RequireAuthorization(Policies.Ops).WithTags("Lockouts");
        callers.MapDelete("/callers/{number}", LiftCallerAsync).WithName("LiftCallerLockout");
        callers.MapDelete("/pools/{dialedNumber}", LiftPoolAsync).WithName("LiftUnverifiedCallersLockout");
        var organizers = api.MapGroup("/organizers").RequireAuthorization(Policies.Ops).WithTags("Lockouts");
        organizers.MapDelete("/{id}/host-pin-lock", LiftHostPinLockAsync).WithName("LiftHostPinLock");

        var meetings = api.MapGroup("/conferences").RequireAuthorization(Policies.OrganizerOrOps).WithTags("Conferences");
        meetings.MapDelete("/{id}/passcode-lock", LiftPasscodeLockAsync).WithName("LiftPasscodeLock");
        return api;
    }

    /// <summary>Both the attested (<c>v:</c>) and the unattested (<c>u:</c>) lockout of the number, in every shard.</summary>
    private static async Task<Results<Ok<LockLifted>, ValidationProblem>> LiftCallerAsync(string number, CallerShardStore calls,
        SecurityEventLog securityEvents, TimeProvider time, CancellationToken ct)
    {
        var normalized = CallerIdentity.ToE164(number) ?? number.Trim();
        if (!CallerPattern().IsMatch(normalized))
        {
            return Problems.Field("number", "Write the number as +15551234567 (or anonymous, unknown, client:name as Twilio reports it).");
        }
        var now = time.GetUtcNow();
        var wasLocked = await calls.LiftCallerAsync(normalized, now, ct);
        securityEvents.Record(SecurityEventKind.CallerLockoutLifted, now, callSid: null, caller: normalized, meetingId: null,
            "caller lockout lifted by ops" + (wasLocked ? "" : " (no lock was in force)"));
        return TypedResults.Ok(new LockLifted(wasLocked));
    }

    /// <summary>The pooled lockout of the unverified callers of one of the gateway's numbers.</summary>
    private static async Task<Results<Ok<LockLifted>, ValidationProblem>> LiftPoolAsync(string dialedNumber, CallerShardStore calls,
        SecurityEventLog securityEvents, TimeProvider time, CancellationToken ct)
    {
        if (CallerIdentity.ToE164(dialedNumber) is not { } number)
        {
            return Problems.Field("dialedNumber", "Write the dialed number as +15557650000.");
        }
        var now = time.GetUtcNow();
        var wasLocked = await calls.LiftPoolAsync(number, now, ct);
        securityEvents.Record(SecurityEventKind.UnverifiedCallersLockoutLifted, now, callSid: null, caller: null, meetingId: null,
            $"lockout of the unverified callers of {number} lifted by ops" + (wasLocked ? "" : " (no lock was in force)"));
        return TypedResults.Ok(new LockLifted(wasLocked));
    }

    private static async Task<Ok<LockLifted>> LiftHostPinLockAsync(string id, HostPinStore hostPins, SecurityEventLog securityEvents, TimeProvider time,
        CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var wasLocked = await hostPins.LiftAsync(id, now, ct);
        securityEvents.Record(SecurityEventKind.HostPinLockLifted, now, callSid: null, caller: null, meetingId: null,
            $"host-PIN lock of organizer {id} lifted by ops" + (wasLocked ? "" : " (no lock was in force)"), organizerId: id);
        return TypedResults.Ok(new LockLifted(wasLocked));
    }

    private static async Task<Results<Ok<LockLifted>, ProblemHttpResult>> LiftPasscodeLockAsync(string id, ClaimsPrincipal user, MeetingStore meetings,
        AccessSlotStore slots, SecurityEventLog securityEvents, TimeProvider time, CancellationToken ct)
    {
        var stored = await meetings.GetAsync(id, ct);
        if (stored is null || !MeetingAccess.MayRead(user, stored.Meeting))
        {
            return Problems.NotFound("No such meeting.");
        }
        var now = time.GetUtcNow();
        var wasLocked = await slots.LiftPasscodeLockAsync(stored.Meeting.SlotId, now, ct);
        var who = user.IsOps() ? "ops" : "the organizer " + user.OrganizerId();
        securityEvents.Record(SecurityEventKind.MeetingPasscodeLockLifted, now, callSid: null, caller: null, meetingId: id,
            $"passcode protection lifted by {who}" + (wasLocked ? "" : " (no lock was in force)"));
        return TypedResults.Ok(new LockLifted(wasLocked));
    }

    [GeneratedRegex(@"^[A-Za-z0-9+:._@-]{1,64}$")]
    private static partial Regex CallerPattern();
}
