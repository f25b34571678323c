using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Organizers;
using Microsoft.Extensions.Options;

namespace IvrGateway.Scheduling;

/// <summary>The outcome of a scheduling command: a meeting, or the problem to answer with.</summary>
public sealed record ScheduleResult(Meeting? Meeting, IResult? Problem)
{
    public static implicit operator ScheduleResult(Meeting meeting) => new(meeting, null);

    public static ScheduleResult Fail(IResult problem) => new(null, problem);
}

/// <summary>Creates, reschedules and cancels meetings: validation, codes, passcodes and the atomic writes.</summary>
public sealed class ConferenceScheduler(
    MeetingStore store,
    OrganizerStore organizers,
    SecretHasher hasher,
    SecretProtector protector,
    IAccessCodeGenerator codes,
    IOptions<SchedulingOptions> options,
    TimeProvider time)
{
    private const int CodeDraws = 16;
    private const int ConcurrencyRetries = 4;
    private SchedulingOptions Options => options.Value;

    public async Task<ScheduleResult> CreateAsync(Organizer organizer, CreateConferenceRequest request, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        if (ConferenceFields.TitleProblem(request.Title) is { } titleProblem)
        {
            errors.Add("title", titleProblem);
        }
        var start = CheckStart(request.Start, now, errors);
        if (ConferenceFields.DurationProblem(request.DurationMinutes) is { } durationProblem)
        {
            errors.Add("durationMinutes", durationProblem);
        }
        var timeZone = request.TimeZone ?? organizer.TimeZone;
        if (TimeZones.FindIana(timeZone) is null)
        {
            errors.Add("timeZone", TimeZones.Problem);
        }
        var inviteeIds = request.Invitees ?? [];
        var contacts = await CheckInviteesAsync(organizer.Id, inviteeIds, errors, ct);
        var security = CheckSecurity(organizer, request.Security, inviteeIds.Count, errors);
        if (errors.Any)
        {
            return ScheduleResult.Fail(errors.ToResult());
        }

        var window = ActivationWindow.For(start!.Value, request.DurationMinutes!.Value, Options);
        var (mode, sharedPasscode, oneTime) = security!.Value;
        var uniquePasscodes = mode == PasscodeMode.Unique ? Passcodes.NewUnique(contacts.Count) : [];
        var joinTokens = contacts.Select(_ => Ids.Token()).ToList();
        var invitees = contacts.Select((c, i) => new Invitee(c!.Id, c.Name, c.Email, c.Phone,
            mode == PasscodeMode.Unique ? protector.Protect(uniquePasscodes[i]) : null,
            protector.Protect(joinTokens[i]))).ToList();
        var tokenHashes = joinTokens.Select(hasher.JoinToken).ToList();

        if (!oneTime)
        {
            var meeting = NewMeeting(organizer, request, start.Value, timeZone, window, AccessCodeKind.Personal,
                organizer.PersonalSlotId, organizer.PersonalAccessCodeProtected, mode, sharedPasscode, invitees, now);
            var outcome = await store.TryCreateInRoomAsync(meeting, PasscodeHolders(meeting, uniquePasscodes), tokenHashes,
                window.ActiveUntil + Options.Quarantine, RoomPruneHorizon(now), ct);
            return outcome == WriteOutcome.Done
                ? meeting
                : ScheduleResult.Fail(Problems.Conflict("The personal room could not be found; it may have been removed."));
        }

        // Draw codes until one is free. SET-NX semantics in the reservation script make two
        // concurrent schedulings of the same code impossible; a clash just means another draw.
        for (var draw = 0; draw < CodeDraws; draw++)
        {
            var code = codes.Next();
            var slotId = hasher.SlotId(code);
            var meeting = NewMeeting(organizer, request, start.Value, timeZone, window, AccessCodeKind.OneTime,
                slotId, protector.Protect(code), mode, sharedPasscode, invitees, now);
            var outcome = await store.TryCreateOneTimeAsync(meeting, organizer, SharedPasscodeHash(meeting),
                PasscodeHolders(meeting, uniquePasscodes), tokenHashes, window.ActiveUntil + Options.Quarantine, ct);
            if (outcome == WriteOutcome.Done)
            {
                await store.PruneListingAsync(organizer.Id, now - Options.Quarantine - TimeSpan.FromDays(2), ct);
                return meeting;
            }
        }
        return ScheduleResult.Fail(Problems.Conflict("Could not reserve a free access code; try again."));
    }

    public async Task<ScheduleResult> RescheduleAsync(Organizer organizer, string meetingId, RescheduleRequest request, CancellationToken ct)
    {
        for (var attempt = 0; attempt < ConcurrencyRetries; attempt++)
        {
            var stored = await store.GetAsync(meetingId, ct);
            if (stored is null || stored.Meeting.OrganizerId != organizer.Id)
            {
                return ScheduleResult.Fail(Problems.NotFound("No such meeting."));
            }
            var current = stored.Meeting;
            var now = time.GetUtcNow();
            if (current.Status == MeetingStatus.Cancelled)
            {
                return ScheduleResult.Fail(Problems.Conflict("This meeting is cancelled; schedule a new one instead."));
            }
            if (now >= current.ActiveUntil)
            {
                return ScheduleResult.Fail(Problems.Conflict("This meeting has ended and its code has expired; schedule a new one instead."));
            }
            var errors = new FieldErrors();
            if (request.Title is not null && ConferenceFields.TitleProblem(request.Title) is { } titleProblem)
            {
                errors.Add("title", titleProblem);
            }
            var start = request.Start is null ? current.Start : CheckStart(request.Start, now, errors);
            if (request.DurationMinutes is not null && ConferenceFields.DurationProblem(request.DurationMinutes) is { } durationProblem)
            {
                errors.Add("durationMinutes", durationProblem);
            }
            if (request.TimeZone is not null && TimeZones.FindIana(request.TimeZone) is null)
            {
                errors.Add("timeZone", TimeZones.Problem);
            }
            if (errors.Any)
            {
                return ScheduleResult.Fail(errors.ToResult());
            }
            var duration = request.DurationMinutes ?? current.DurationMinutes;
            var window = ActivationWindow.For(start!.Value, duration, Options);
            var updated = current with
            {
                Title = request.Title?.Trim() ?? current.Title,
                Start = start.Value.ToUniversalTime(),
                DurationMinutes = duration,
                TimeZone = request.TimeZone ?? current.TimeZone,
                WaitForHost = request.WaitForHost ?? current.WaitForHost,
                ActiveFrom = window.ActiveFrom.ToUniversalTime(),
                ActiveUntil = window.ActiveUntil.ToUniversalTime(),
            };
            var outcome = await WriteAsync(stored, updated, organizer, now, ct);
            if (outcome == WriteOutcome.Done)
            {
                return updated;
            }
            if (outcome == WriteOutcome.Missing)
            {
                return ScheduleResult.Fail(Problems.NotFound("No such meeting."));
            }
        }
        return ScheduleResult.Fail(Problems.Conflict("The meeting was changed by another request at the same time; try again."));
    }

    public async Task<ScheduleResult> CancelAsync(Organizer organizer, string meetingId, CancellationToken ct)
    {
        for (var attempt = 0; attempt < ConcurrencyRetries; attempt++)
        {
            var stored = await store.GetAsync(meetingId, ct);
            if (stored is null || stored.Meeting.OrganizerId != organizer.Id)
            {
                return ScheduleResult.Fail(Problems.NotFound("No such meeting."));
            }
            if (stored.Meeting.Status == MeetingStatus.Cancelled)
            {
                return stored.Meeting;
            }
            var now = time.GetUtcNow();
            var cancelled = stored.Meeting with { Status = MeetingStatus.Cancelled, CancelledAt = now };
            var outcome = await WriteAsync(stored, cancelled, organizer, now, ct);
            if (outcome == WriteOutcome.Done)
            {
                return cancelled;
            }
            if (outcome == WriteOutcome.Missing)
            {
                return ScheduleResult.Fail(Problems.NotFound("No such meeting."));
            }
        }
        return ScheduleResult.Fail(Problems.Conflict("The meeting was changed by another request at the same time; try again."));
    }

    private Task<WriteOutcome> WriteAsync(StoredMeeting stored, Meeting updated, Organizer organizer, DateTimeOffset now, CancellationToken ct)
    {
        if (updated.AccessCodeKind == AccessCodeKind.OneTime)
        {
            // A cancelled code is quarantined from now; a live one until its quarantine after the end.
            var expireAt = updated.Status == MeetingStatus.Cancelled
                ? Max(now, updated.ActiveUntil) + Options.Quarantine
                : updated.ActiveUntil + Options.Quarantine;
            return store.UpdateOneTimeAsync(stored, updated, organizer, SharedPasscodeHash(updated), expireAt, ct);
        }
        var passcodes = updated.Status == MeetingStatus.Cancelled ? [] : PasscodeHolders(updated, UniquePasscodesOf(updated));
        return store.UpdateInRoomAsync(stored, updated, passcodes, Max(now, updated.ActiveUntil) + Options.Quarantine, RoomPruneHorizon(now), ct);
    }

    private DateTimeOffset? CheckStart(string? text, DateTimeOffset now, FieldErrors errors)
    {
        if (text is null)
        {
            errors.Add("start", "start is required, as ISO 8601 with an offset (2026-12-01T09:00:00-05:00).");
            return null;
        }
        var start = ConferenceFields.ParseStart(text);
        if (start is null)
        {
            errors.Add("start", "start must be ISO 8601 with an offset, such as 2026-12-01T09:00:00-05:00.");
            return null;
        }
        if (start.Value < now - TimeSpan.FromMinutes(Options.StartSlackMinutes))
        {
            errors.Add("start", "start is in the past.");
            return null;
        }
        if (start.Value > now.AddYears(2))
        {
            errors.Add("start", "start may be at most two years ahead.");
            return null;
        }
        return start;
    }

    private async Task<IReadOnlyList<Contact?>> CheckInviteesAsync(string organizerId, List<string> ids, FieldErrors errors, CancellationToken ct)
    {
        if (ids.Count > ConferenceFields.MaxInvitees)
        {
            errors.Add("invitees", $"A conference may have at most {ConferenceFields.MaxInvitees} invitees.");
            return [];
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(ids[i]) || ids[i].Length > 64)
            {
                errors.Add($"invitees[{i}]", "Each invitee is the id of a contact in your address book.");
            }
            else if (!seen.Add(ids[i]))
            {
                errors.Add($"invitees[{i}]", "This contact is invited twice.");
            }
        }
        if (errors.Any)
        {
            return [];
        }
        var contacts = await organizers.GetContactsAsync(organizerId, ids, ct);
        for (var i = 0; i < contacts.Count; i++)
        {
            if (contacts[i] is null)
            {
                errors.Add($"invitees[{i}]", "This contact is not in your address book.");
            }
        }
        return contacts;
    }

    private (PasscodeMode Mode, string? SharedPasscode, bool OneTime)? CheckSecurity(Organizer organizer, SecurityRequest? request, int inviteeCount, FieldErrors errors)
    {
        var defaults = organizer.Security;
        var oneTime = request?.OneTimeAccessCode ?? defaults.OneTimeAccessCode;
        var mode = request?.PasscodeMode ?? defaults.PasscodeMode;
        var defaultShared = defaults.SharedPasscodeProtected is { } p ? protector.Unprotect(p) : null;
        var shared = mode == PasscodeMode.Shared ? request?.SharedPasscode ?? defaultShared : null;

        if (!oneTime)
        {
            // The personal room is permanent and always uses Settings > Security, so a meeting in
            // it cannot have a passcode of its own.
            if (mode != defaults.PasscodeMode || (mode == PasscodeMode.Shared && shared != defaultShared))
            {
                errors.Add("security.oneTimeAccessCode",
                    "Meetings in your personal room use its security settings (Settings > Security). Ask for a one-time access code to give this meeting its own passcode settings.");
                return null;
            }
        }
        if (mode == PasscodeMode.Shared && Passcodes.SharedPasscodeProblem(shared) is { } sharedProblem)
        {
            errors.Add("security.sharedPasscode", sharedProblem);
            return null;
        }
        if (mode != PasscodeMode.Shared && request?.SharedPasscode is not null)
        {
            errors.Add("security.sharedPasscode", "A shared passcode can only be given with passcodeMode shared.");
            return null;
        }
        if (mode == PasscodeMode.Unique && inviteeCount == 0)
        {
            errors.Add("invitees", "Unique passcodes are given to invited contacts; invite at least one contact or choose another passcode mode.");
            return null;
        }
        return (mode, shared, oneTime);
    }

    private Meeting NewMeeting(Organizer organizer, CreateConferenceRequest request, DateTimeOffset start, string timeZone, ActivationWindow window,
        AccessCodeKind kind, string slotId, string codeProtected, PasscodeMode mode, string? sharedPasscode, IReadOnlyList<Invitee> invitees, DateTimeOffset now) =>
        new(Ids.New("mtg"), organizer.Id, request.Title!.Trim(), start.ToUniversalTime(), request.DurationMinutes!.Value, timeZone,
            request.WaitForHost ?? true, kind, slotId, codeProtected, window.ActiveFrom.ToUniversalTime(), window.ActiveUntil.ToUniversalTime(),
            mode, sharedPasscode is null ? null : protector.Protect(sharedPasscode), invitees, MeetingStatus.Scheduled, now, null);

    private string? SharedPasscodeHash(Meeting m) =>
        m.SharedPasscodeProtected is { } s ? hasher.Passcode(m.SlotId, protector.Unprotect(s)) : null;

    private List<PasscodeHolder> PasscodeHolders(Meeting m, IReadOnlyList<string> passcodes) =>
        passcodes.Select((p, i) => new PasscodeHolder(hasher.Passcode(m.SlotId, p), m.Id, m.Invitees[i].ContactId, m.Invitees[i].Name)).ToList();

    private List<string> UniquePasscodesOf(Meeting m) =>
        m.PasscodeMode == PasscodeMode.Unique ? m.Invitees.Select(i => protector.Unprotect(i.PasscodeProtected!)).ToList() : [];

    // Room meetings stay listed a day after their window so late callers still match their passcode.
    private static DateTimeOffset RoomPruneHorizon(DateTimeOffset now) => now - TimeSpan.FromDays(1);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
