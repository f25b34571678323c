using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Organizers;
using Microsoft.Extensions.Options;

namespace IvrGateway.Scheduling;

/// <summary>A create request that passed every check, with the organizer's defaults filled in.</summary>
internal sealed record ValidMeetingRequest(
    DateTimeOffset Start,
    int DurationMinutes,
    string TimeZone,
    IReadOnlyList<Contact> Invitees,
    PasscodeMode PasscodeMode,
    string? SharedPasscode,
    bool OneTimeAccessCode);

/// <summary>
/// Checks meeting requests against the clock, the organizer's address book and Settings &gt; Security.
/// Every problem is collected under the field name the client sent, so one answer lists them all.
/// </summary>
internal sealed class MeetingRequestValidator(OrganizerStore organizers, SecretProtector protector, IOptions<SchedulingOptions> options)
{
    public async Task<(ValidMeetingRequest? Valid, FieldErrors Errors)> ValidateCreateAsync(
        Organizer organizer, CreateMeetingRequest request, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (MeetingFields.TitleProblem(request.Title) is { } titleProblem)
        {
            errors.Add("title", titleProblem);
        }
        var start = CheckStart(request.Start, now, errors);
        if (MeetingFields.DurationProblem(request.DurationMinutes) is { } durationProblem)
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
            return (null, errors);
        }
        var (mode, sharedPasscode, oneTime) = security!.Value;
        return (new ValidMeetingRequest(start!.Value, request.DurationMinutes!.Value, timeZone, contacts.Select(c => c!).ToList(),
            mode, sharedPasscode, oneTime), errors);
    }

    /// <summary>The fields a reschedule changes; the new start (or the current one when it does not change it).</summary>
    public (DateTimeOffset? Start, FieldErrors Errors) ValidateReschedule(Meeting current, RescheduleRequest request, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        if (request.Title is not null && MeetingFields.TitleProblem(request.Title) is { } titleProblem)
        {
            errors.Add("title", titleProblem);
        }
        var start = request.Start is null ? current.Start : CheckStart(request.Start, now, errors);
        if (request.DurationMinutes is not null && MeetingFields.DurationProblem(request.DurationMinutes) is { } durationProblem)
        {
            errors.Add("durationMinutes", durationProblem);
        }
        if (request.TimeZone is not null && TimeZones.FindIana(request.TimeZone) is null)
        {
            errors.Add("timeZone", TimeZones.Problem);
        }
        return (start, errors);
    }

    /// <summary>Contacts to invite to a scheduled meeting (<c>contactIds</c>): in the address book, not invited yet, within the limit.</summary>
    public async Task<(IReadOnlyList<Contact> Contacts, FieldErrors Errors)> ValidateNewInviteesAsync(
        Organizer organizer, Meeting current, IReadOnlyList<string>? contactIds, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var ids = contactIds ?? [];
        if (ids.Count == 0)
        {
            errors.Add("contactIds", "Choose at least one contact from your address book to invite.");
            return ([], errors);
        }
        if (current.Invitees.Count + ids.Count > MeetingFields.MaxInvitees)
        {
            errors.Add("contactIds", $"A conference may have at most {MeetingFields.MaxInvitees} invitees.");
            return ([], errors);
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(ids[i]) || ids[i].Length > 64)
            {
                errors.Add($"contactIds[{i}]", "Each invitee is the id of a contact in your address book.");
            }
            else if (!seen.Add(ids[i]))
            {
                errors.Add($"contactIds[{i}]", "This contact is listed twice.");
            }
            else if (current.Invitees.Any(invitee => invitee.ContactId == ids[i]))
            {
                errors.Add($"contactIds[{i}]", "This contact is already invited.");
            }
        }
        if (errors.Any)
        {
            return ([], errors);
        }
        var contacts = await organizers.GetContactsAsync(organizer.Id, [.. ids], ct);
        for (var i = 0; i < contacts.Count; i++)
        {
            if (contacts[i] is null)
            {
                errors.Add($"contactIds[{i}]", "This contact is not in your address book.");
            }
        }
        return errors.Any ? ([], errors) : (contacts.Select(c => c!).ToList(), errors);
    }

    private DateTimeOffset? CheckStart(string? text, DateTimeOffset now, FieldErrors errors)
    {
        if (text is null)
        {
            errors.Add("start", "start is required, as ISO 8601 with an offset (2026-12-01T09:00:00-05:00).");
            return null;
        }
        var start = MeetingFields.ParseStart(text);
        if (start is null)
        {
            errors.Add("start", "start must be ISO 8601 with an offset, such as 2026-12-01T09:00:00-05:00.");
            return null;
        }
        if (start.Value < now - TimeSpan.FromMinutes(options.Value.StartSlackMinutes))
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
        if (ids.Count > MeetingFields.MaxInvitees)
        {
            errors.Add("invitees", $"A conference may have at most {MeetingFields.MaxInvitees} invitees.");
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
        // Any problem so far (in this field or an earlier one) answers before the address book is read.
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
}
