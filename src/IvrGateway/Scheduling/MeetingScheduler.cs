using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Organizers;
using IvrGateway.Scheduling.Invitations;
using Microsoft.Extensions.Options;

namespace IvrGateway.Scheduling;

/// <summary>
/// The scheduling steps: creates, reschedules and cancels meetings once <see cref="MeetingRequestValidator"/>
/// accepted the request (access codes, passcodes, join tokens, and the atomic writes with their retries).
/// </summary>
internal sealed class MeetingScheduler(
    MeetingStore store,
    AccessSlotStore slots,
    MeetingRequestValidator validator,
    SecretHasher hasher,
    SecretProtector protector,
    IAccessCodeGenerator codes,
    IOptions<SchedulingOptions> options,
    InvitationOutbox invitations,
    TimeProvider time)
{
    private const int CodeDraws = 16;
    private const int ConcurrencyRetries = 4;
    private SchedulingOptions Options => options.Value;

    public async Task<ScheduleOutcome> CreateAsync(Organizer organizer, CreateMeetingRequest request, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (valid, errors) = await validator.ValidateCreateAsync(organizer, request, now, ct);
        if (valid is null)
        {
            return new ScheduleOutcome.Invalid(errors.ToDictionary());
        }
        var (start, duration, timeZone, contacts, mode, sharedPasscode, oneTime) = valid;

        var window = ActivationWindow.For(start, duration, Options);
        var uniquePasscodes = mode == PasscodeMode.Unique ? Passcodes.NewUnique(contacts.Count) : [];
        var joinTokens = contacts.Select(_ => Ids.Token()).ToList();
        var tokenHashes = joinTokens.Select(hasher.JoinToken).ToList();
        List<Invitee> Invitees() => contacts.Select((c, i) => new Invitee(c.Id, c.Name, c.Email, c.Phone,
            mode == PasscodeMode.Unique ? protector.Protect(uniquePasscodes[i]) : null,
            protector.Protect(joinTokens[i]))).ToList();
        var invitees = Invitees();
        var meetingId = Ids.New("mtg");

        if (!oneTime)
        {
            // A room's unique passcodes are unique among all its live meetings' passcodes; the room
            // script refuses a clash (all or nothing) and the passcodes are drawn again.
            for (var draw = 0; draw < CodeDraws; draw++)
            {
                var meeting = NewMeeting(meetingId, organizer, request, start, timeZone, window, AccessCodeKind.Personal,
                    organizer.PersonalSlotId, organizer.PersonalAccessCodeProtected, mode, sharedPasscode, invitees, now);
                if (draw == 0)
                {
                    // Outbox-first: the messages are stored before the meeting; each names it by id and re-reads it at send time.
                    await invitations.ScheduledAsync(meeting, organizer.Email, now, ct);
                }
                var outcome = await store.TryCreateInRoomAsync(meeting, PasscodeHolders(meeting, uniquePasscodes), tokenHashes,
                    window.ActiveUntil + Options.Quarantine, RoomPruneHorizon(now), ct);
                if (outcome == WriteOutcome.Done)
                {
                    return meeting;
                }
                if (outcome != WriteOutcome.PasscodeTaken)
                {
                    return new ScheduleOutcome.Conflict("The personal room could not be found; it may have been removed.");
                }
                uniquePasscodes = Passcodes.NewUnique(contacts.Count);
                invitees = Invitees();
            }
            return new ScheduleOutcome.Conflict("Could not draw unique passcodes that no other meeting in your personal room holds; try again.");
        }

        // Draw codes until one is free. SET-NX semantics in the reservation script make two
        // concurrent schedulings of the same code impossible; a clash just means another draw.
        for (var draw = 0; draw < CodeDraws; draw++)
        {
            var code = codes.Next();
            var slotId = hasher.SlotId(code);
            var meeting = NewMeeting(meetingId, organizer, request, start, timeZone, window, AccessCodeKind.OneTime,
                slotId, protector.Protect(code), mode, sharedPasscode, invitees, now);
            if (draw == 0)
            {
                await invitations.ScheduledAsync(meeting, organizer.Email, now, ct);
            }
            var outcome = await store.TryCreateOneTimeAsync(meeting, organizer, SharedPasscodeHash(meeting),
                PasscodeHolders(meeting, uniquePasscodes), tokenHashes, window.ActiveUntil + Options.Quarantine, ct);
            if (outcome == WriteOutcome.Done)
            {
                await store.PruneListingAsync(organizer.Id, now - Options.Quarantine - TimeSpan.FromDays(2), ct);
                return meeting;
            }
        }
        return new ScheduleOutcome.Conflict("Could not reserve a free access code; try again.");
    }

    public async Task<ScheduleOutcome> RescheduleAsync(Organizer organizer, string meetingId, RescheduleRequest request, CancellationToken ct)
    {
        for (var attempt = 0; attempt < ConcurrencyRetries; attempt++)
        {
            var stored = await store.GetAsync(meetingId, ct);
            if (stored is null || stored.Meeting.OrganizerId != organizer.Id)
            {
                return new ScheduleOutcome.NotFound("No such meeting.");
            }
            var current = stored.Meeting;
            var now = time.GetUtcNow();
            if (current.Status == MeetingStatus.Cancelled)
            {
                return new ScheduleOutcome.Conflict("This meeting is cancelled; schedule a new one instead.");
            }
            if (now >= current.ActiveUntil)
            {
                return new ScheduleOutcome.Conflict("This meeting has ended and its code has expired; schedule a new one instead.");
            }
            // The host's End is kept by meeting id, and a moved meeting keeps its id: its new window would refuse everyone.
            if ((await slots.LiveControlsAsync(current.SlotId, current.Id, ct)).Ended)
            {
                return new ScheduleOutcome.Conflict("The host ended this meeting, so it cannot be moved; schedule a new one instead.");
            }
            var (start, errors) = validator.ValidateReschedule(current, request, now);
            if (errors.Any)
            {
                return new ScheduleOutcome.Invalid(errors.ToDictionary());
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
                Sequence = current.Sequence + 1,
            };
            await invitations.RescheduledAsync(updated, organizer.Email, now, ct);
            var outcome = await WriteAsync(stored, updated, organizer, now, ct);
            if (outcome == WriteOutcome.Done)
            {
                return updated;
            }
            if (outcome == WriteOutcome.Missing)
            {
                return new ScheduleOutcome.NotFound("No such meeting.");
            }
        }
        return new ScheduleOutcome.Conflict("The meeting was changed by another request at the same time; try again.");
    }

    public async Task<ScheduleOutcome> CancelAsync(Organizer organizer, string meetingId, CancellationToken ct)
    {
        for (var attempt = 0; attempt < ConcurrencyRetries; attempt++)
        {
            var stored = await store.GetAsync(meetingId, ct);
            if (stored is null || stored.Meeting.OrganizerId != organizer.Id)
            {
                return new ScheduleOutcome.NotFound("No such meeting.");
            }
            if (stored.Meeting.Status == MeetingStatus.Cancelled)
            {
                return stored.Meeting;
            }
            var now = time.GetUtcNow();
            var cancelled = stored.Meeting with { Status = MeetingStatus.Cancelled, CancelledAt = now, Sequence = stored.Meeting.Sequence + 1 };
            await invitations.CancelledAsync(cancelled, organizer.Email, now, ct);
            var outcome = await WriteAsync(stored, cancelled, organizer, now, ct);
            if (outcome == WriteOutcome.Done)
            {
                return cancelled;
            }
            if (outcome == WriteOutcome.Missing)
            {
                return new ScheduleOutcome.NotFound("No such meeting.");
            }
        }
        return new ScheduleOutcome.Conflict("The meeting was changed by another request at the same time; try again.");
    }

    /// <summary>
    /// Invites more contacts to a scheduled meeting: each gets a join link, a passcode of their own (unique mode) and an
    /// invitation; the other invitees' messages and calendar entries do not change.
    /// </summary>
    public async Task<ScheduleOutcome> AddInviteesAsync(Organizer organizer, string meetingId, IReadOnlyList<string>? contactIds, CancellationToken ct)
    {
        // One key for the messages of this request: a retry after a concurrent change does not mail twice.
        var operation = Ids.Token(9);
        for (var attempt = 0; attempt < ConcurrencyRetries; attempt++)
        {
            var (stored, refusal) = await ChangeableAsync(organizer, meetingId, ct);
            if (stored is null)
            {
                return refusal!;
            }
            var current = stored.Meeting;
            var (contacts, errors) = await validator.ValidateNewInviteesAsync(organizer, current, contactIds, ct);
            if (errors.Any)
            {
                return new ScheduleOutcome.Invalid(errors.ToDictionary());
            }
            var joinTokens = contacts.Select(_ => Ids.Token()).ToList();
            var addedTokens = joinTokens.Select((t, i) => (hasher.JoinToken(t), contacts[i].Id)).ToList();
            for (var draw = 0; draw < CodeDraws; draw++)
            {
                var passcodes = current.PasscodeMode == PasscodeMode.Unique ? Passcodes.NewUnique(contacts.Count) : [];
                var added = contacts.Select((c, i) => new Invitee(c.Id, c.Name, c.Email, c.Phone,
                    current.PasscodeMode == PasscodeMode.Unique ? protector.Protect(passcodes[i]) : null, protector.Protect(joinTokens[i]))).ToList();
                var updated = current with { Invitees = [.. current.Invitees, .. added] };
                var now = time.GetUtcNow();
                if (draw == 0)
                {
                    await invitations.InviteesAddedAsync(updated, added, operation, now, ct);
                }
                var holders = passcodes.Select((p, i) => new PasscodeHolder(hasher.Passcode(current.SlotId, p), current.Id, added[i].ContactId, added[i].Name)).ToList();
                var outcome = await store.ChangeInviteesAsync(stored, updated, holders, [], addedTokens, [], current.ActiveUntil + Options.Quarantine,
                    RoomPruneHorizon(now), ct);
                if (outcome == WriteOutcome.Done)
                {
                    return updated;
                }
                if (outcome == WriteOutcome.Missing)
                {
                    return new ScheduleOutcome.NotFound("No such meeting.");
                }
                if (outcome != WriteOutcome.PasscodeTaken)
                {
                    break;
                }
            }
        }
        return new ScheduleOutcome.Conflict("The meeting was changed by another request at the same time; try again.");
    }

    /// <summary>
    /// Uninvites a contact: their passcode (unique mode) and join link stop working at once, and they get a calendar cancel.
    /// </summary>
    public async Task<ScheduleOutcome> RemoveInviteeAsync(Organizer organizer, string meetingId, string contactId, CancellationToken ct)
    {
        var operation = Ids.Token(9);
        for (var attempt = 0; attempt < ConcurrencyRetries; attempt++)
        {
            var (stored, refusal) = await ChangeableAsync(organizer, meetingId, ct);
            if (stored is null)
            {
                return refusal!;
            }
            var current = stored.Meeting;
            var removed = current.Invitees.FirstOrDefault(i => i.ContactId == contactId);
            if (removed is null)
            {
                return new ScheduleOutcome.NotFound("This contact is not invited to this meeting.");
            }
            var updated = current with { Invitees = current.Invitees.Where(i => i.ContactId != contactId).ToList() };
            var now = time.GetUtcNow();
            await invitations.InviteeRemovedAsync(updated, removed, operation, now, ct);
            var passcodeHashes = removed.PasscodeProtected is { } p ? [hasher.Passcode(current.SlotId, protector.Unprotect(p))] : new List<string>();
            var outcome = await store.ChangeInviteesAsync(stored, updated, [], passcodeHashes, [], [hasher.JoinToken(protector.Unprotect(removed.JoinTokenProtected))],
                current.ActiveUntil + Options.Quarantine, RoomPruneHorizon(now), ct);
            if (outcome == WriteOutcome.Done)
            {
                return updated;
            }
            if (outcome == WriteOutcome.Missing)
            {
                return new ScheduleOutcome.NotFound("No such meeting.");
            }
        }
        return new ScheduleOutcome.Conflict("The meeting was changed by another request at the same time; try again.");
    }

    /// <summary>
    /// Start: opens a meeting now, so its code admits callers from this moment even before the usual lead. Only a
    /// meeting of today (in the organizer's time zone) or one already open; a cancelled, ended or expired one refuses.
    /// The invitations are unchanged: the scheduled start is the same, only the code opens earlier.
    /// </summary>
    public async Task<ScheduleOutcome> StartNowAsync(Organizer organizer, string meetingId, CancellationToken ct)
    {
        for (var attempt = 0; attempt < ConcurrencyRetries; attempt++)
        {
            var stored = await store.GetAsync(meetingId, ct);
            if (stored is null || stored.Meeting.OrganizerId != organizer.Id)
            {
                return new ScheduleOutcome.NotFound("No such meeting.");
            }
            var current = stored.Meeting;
            var now = time.GetUtcNow();
            if (current.Status == MeetingStatus.Cancelled)
            {
                return new ScheduleOutcome.Conflict("This meeting is cancelled, so it cannot be started.");
            }
            if (now >= current.ActiveUntil || (await slots.LiveControlsAsync(current.SlotId, current.Id, ct)).Ended)
            {
                return new ScheduleOutcome.Conflict("This meeting has ended, so it cannot be started again; schedule a new one instead.");
            }
            if (current.ActiveFrom <= now)
            {
                return current;
            }
            var zone = TimeZones.FindIana(organizer.TimeZone) ?? TimeZoneInfo.Utc;
            if (TimeZoneInfo.ConvertTime(current.Start, zone).Date != TimeZoneInfo.ConvertTime(now, zone).Date)
            {
                return new ScheduleOutcome.Conflict("Only today's meetings can be started early; this one is on another day.");
            }
            var opened = current with { ActiveFrom = now.ToUniversalTime() };
            var outcome = await WriteAsync(stored, opened, organizer, now, ct);
            if (outcome == WriteOutcome.Done)
            {
                return opened;
            }
            if (outcome == WriteOutcome.Missing)
            {
                return new ScheduleOutcome.NotFound("No such meeting.");
            }
        }
        return new ScheduleOutcome.Conflict("The meeting was changed by another request at the same time; try again.");
    }

    /// <summary>The organizer's meeting if its invitees may still change (scheduled, its code not expired), or why not.</summary>
    private async Task<(StoredMeeting? Stored, ScheduleOutcome? Refusal)> ChangeableAsync(Organizer organizer, string meetingId, CancellationToken ct)
    {
        var stored = await store.GetAsync(meetingId, ct);
        if (stored is null || stored.Meeting.OrganizerId != organizer.Id)
        {
            return (null, new ScheduleOutcome.NotFound("No such meeting."));
        }
        if (stored.Meeting.Status == MeetingStatus.Cancelled)
        {
            return (null, new ScheduleOutcome.Conflict("This meeting is cancelled; its invitees no longer change."));
        }
        if (time.GetUtcNow() >= stored.Meeting.ActiveUntil)
        {
            return (null, new ScheduleOutcome.Conflict("This meeting has ended; its invitees no longer change."));
        }
        return (stored, null);
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

    private Meeting NewMeeting(string meetingId, Organizer organizer, CreateMeetingRequest request, DateTimeOffset start, string timeZone, ActivationWindow window,
        AccessCodeKind kind, string slotId, string codeProtected, PasscodeMode mode, string? sharedPasscode, IReadOnlyList<Invitee> invitees, DateTimeOffset now) =>
        new(meetingId, organizer.Id, request.Title!.Trim(), start.ToUniversalTime(), request.DurationMinutes!.Value, timeZone,
            request.WaitForHost ?? true, kind, slotId, codeProtected, window.ActiveFrom.ToUniversalTime(), window.ActiveUntil.ToUniversalTime(),
            mode, sharedPasscode is null ? null : protector.Protect(sharedPasscode), invitees, MeetingStatus.Scheduled, now, null);

    // The stores own the stored shapes; the scheduler hands them hashed secrets, never clear ones.
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
