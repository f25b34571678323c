using System.Text.Json;
using IvrGateway.Infrastructure;
using IvrGateway.Mail;
using IvrGateway.Mail.Outbox;
using Microsoft.Extensions.Options;

namespace IvrGateway.Scheduling.Invitations;

/// <summary>What an invitation message is about: a reference to the meeting, never a secret.</summary>
/// <param name="ContactId">The invitee, or null for the organizer's copy.</param>
/// <param name="Sequence">The meeting's <see cref="Meeting.Sequence"/> the message was written for.</param>
/// <param name="StartsAt">For a reminder: the start it reminds of (Unix ms), so one for an old time is dropped.</param>
internal sealed record InvitationPayload(string MeetingId, string? ContactId, string Purpose, int Sequence, long? StartsAt = null);

/// <summary>Why an invitation message goes out.</summary>
internal static class InvitationPurpose
{
    public const string Invitation = "invitation";
    public const string Update = "update";
    public const string Cancel = "cancel";
    public const string Reminder = "reminder";

    /// <summary>A calendar cancel to an invitee the organizer removed from a meeting that goes on.</summary>
    public const string Removed = "removed";
}

/// <summary>
/// Enqueues a meeting's messages in the outbox. The scheduler calls it before it writes the meeting
/// (outbox-first); <see cref="InvitationComposer"/> re-reads the meeting at send time and drops what no longer matches.
/// </summary>
internal sealed class InvitationOutbox(OutboxStore outbox, IOptions<MailOptions> mail)
{
    public const string InvitationKind = "meeting-invitation";
    public const string ReminderKind = "meeting-reminder";
    private const string OrganizerCopy = "organizer";

    /// <summary>A new meeting: each invitee's invitation, the organizer's copy, and the reminders still ahead.</summary>
    public async Task ScheduledAsync(Meeting meeting, string organizerEmail, DateTimeOffset now, CancellationToken ct)
    {
        await RequestsAsync(meeting, organizerEmail, InvitationPurpose.Invitation, now, ct);
        await RemindersAsync(meeting, organizerEmail, now, ct);
    }

    /// <summary>A moved meeting: an update to everyone (same UID, the new sequence) and reminders for the new start.</summary>
    public async Task RescheduledAsync(Meeting updated, string organizerEmail, DateTimeOffset now, CancellationToken ct)
    {
        await RequestsAsync(updated, organizerEmail, InvitationPurpose.Update, now, ct);
        await RemindersAsync(updated, organizerEmail, now, ct);
    }

    /// <summary>A cancelled meeting: a cancel to everyone. Its reminders drop themselves at send time.</summary>
    public async Task CancelledAsync(Meeting cancelled, string organizerEmail, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var (contactId, email) in Recipients(cancelled, organizerEmail))
        {
            await EnqueueAsync(InvitationKind, $"{cancelled.Id}:cancel:{contactId ?? OrganizerCopy}", email,
                new InvitationPayload(cancelled.Id, contactId, InvitationPurpose.Cancel, cancelled.Sequence), null, now, ct);
        }
    }

    /// <summary>The invitation again, as the meeting stands now, to one invitee; every resend is a new message.</summary>
    public Task ResendAsync(Meeting meeting, Invitee invitee, DateTimeOffset now, CancellationToken ct) =>
        EnqueueAsync(InvitationKind, $"{meeting.Id}:resend:{invitee.ContactId}:{Ids.Token(9)}", invitee.Email,
            new InvitationPayload(meeting.Id, invitee.ContactId, meeting.Sequence == 0 ? InvitationPurpose.Invitation : InvitationPurpose.Update, meeting.Sequence),
            null, now, ct);

    /// <summary>
    /// Invitees added to a scheduled meeting: their invitations (at the meeting's sequence) and reminders still ahead.
    /// <paramref name="operation"/> names the request, so a retried write does not mail twice.
    /// </summary>
    public async Task InviteesAddedAsync(Meeting meeting, IReadOnlyList<Invitee> added, string operation, DateTimeOffset now, CancellationToken ct)
    {
        var purpose = meeting.Sequence == 0 ? InvitationPurpose.Invitation : InvitationPurpose.Update;
        foreach (var invitee in added)
        {
            await EnqueueAsync(InvitationKind, $"{meeting.Id}:added:{invitee.ContactId}:{operation}", invitee.Email,
                new InvitationPayload(meeting.Id, invitee.ContactId, purpose, meeting.Sequence), null, now, ct);
        }
        var startsAt = meeting.Start.ToUnixTimeMilliseconds();
        foreach (var offset in mail.Value.ReminderOffsets.Where(o => meeting.Start - o > now))
        {
            foreach (var invitee in added)
            {
                await EnqueueAsync(ReminderKind, $"{meeting.Id}:reminder:{invitee.ContactId}:{startsAt}:{(long)offset.TotalSeconds}", invitee.Email,
                    new InvitationPayload(meeting.Id, invitee.ContactId, InvitationPurpose.Reminder, meeting.Sequence, startsAt), meeting.Start - offset, now, ct);
            }
        }
    }

    /// <summary>An invitee removed from a meeting that goes on: a calendar cancel to them alone. <paramref name="meeting"/> no longer names them.</summary>
    public Task InviteeRemovedAsync(Meeting meeting, Invitee removed, string operation, DateTimeOffset now, CancellationToken ct) =>
        EnqueueAsync(InvitationKind, $"{meeting.Id}:removed:{removed.ContactId}:{operation}", removed.Email,
            new InvitationPayload(meeting.Id, removed.ContactId, InvitationPurpose.Removed, meeting.Sequence), null, now, ct);

    private async Task RequestsAsync(Meeting meeting, string organizerEmail, string purpose, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var (contactId, email) in Recipients(meeting, organizerEmail))
        {
            await EnqueueAsync(InvitationKind, $"{meeting.Id}:request:{contactId ?? OrganizerCopy}:{meeting.Sequence}", email,
                new InvitationPayload(meeting.Id, contactId, purpose, meeting.Sequence), null, now, ct);
        }
    }

    // The key carries the start, so a reschedule enqueues new reminders; the old ones no longer match and are dropped.
    private async Task RemindersAsync(Meeting meeting, string organizerEmail, DateTimeOffset now, CancellationToken ct)
    {
        var startsAt = meeting.Start.ToUnixTimeMilliseconds();
        foreach (var offset in mail.Value.ReminderOffsets)
        {
            var due = meeting.Start - offset;
            if (due <= now)
            {
                continue;
            }
            foreach (var (contactId, email) in Recipients(meeting, organizerEmail))
            {
                await EnqueueAsync(ReminderKind, $"{meeting.Id}:reminder:{contactId ?? OrganizerCopy}:{startsAt}:{(long)offset.TotalSeconds}", email,
                    new InvitationPayload(meeting.Id, contactId, InvitationPurpose.Reminder, meeting.Sequence, startsAt), due, now, ct);
            }
        }
    }

    private static IEnumerable<(string? ContactId, string Email)> Recipients(Meeting meeting, string organizerEmail) =>
        meeting.Invitees.Select(i => ((string?)i.ContactId, i.Email)).Append((null, organizerEmail));

    private Task EnqueueAsync(string kind, string key, string email, InvitationPayload payload, DateTimeOffset? due, DateTimeOffset now, CancellationToken ct) =>
        outbox.EnqueueAsync(new MailRequest(kind, key, email, payload.MeetingId, JsonSerializer.Serialize(payload, MeetingStore.Json), due), now, ct);
}
