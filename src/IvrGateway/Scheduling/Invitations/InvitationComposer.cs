using System.Text;
using System.Net;
using System.Text.Json;
using Ical.Net.CalendarComponents;
using Attendee = Ical.Net.DataTypes.Attendee;
using CalDateTime = Ical.Net.DataTypes.CalDateTime;
using Ical.Net.Serialization;
using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Mail.Composition;
using IvrGateway.Mail.Outbox;
using IvrGateway.Organizers;
using Microsoft.Extensions.Options;
using MimeKit;
using static IvrGateway.Scheduling.Invitations.InvitationTexts;

namespace IvrGateway.Scheduling.Invitations;

/// <summary>
/// Builds a meeting's invitation, update, cancel and reminder messages at send time, from the meeting as
/// it is stored then: a message written for another version, another start or a meeting no longer
/// scheduled is dropped. The secrets (the invitee's own passcode and link, the host PIN) are read here,
/// never stored in the outbox, and never put in a subject line.
/// </summary>
internal sealed class InvitationComposer(
    MeetingStore meetings, OrganizerStore organizers, MeetingViews views, SecretProtector protector, IOptions<SchedulingOptions> options, TimeProvider time)
{
    /// <summary>One composer per outbox kind; both kinds share this one.</summary>
    internal sealed class Invitations(InvitationComposer composer) : IMailComposer
    {
        public string Kind => InvitationOutbox.InvitationKind;

        public Task<Composition> ComposeAsync(OutboxRecord message, CancellationToken ct) => composer.ComposeAsync(message, ct);
    }

    /// <inheritdoc cref="Invitations"/>
    internal sealed class Reminders(InvitationComposer composer) : IMailComposer
    {
        public string Kind => InvitationOutbox.ReminderKind;

        public Task<Composition> ComposeAsync(OutboxRecord message, CancellationToken ct) => composer.ComposeAsync(message, ct);
    }

    private sealed record Line(string Text, string? Url = null, bool Strong = false);

    public async Task<Composition> ComposeAsync(OutboxRecord message, CancellationToken ct)
    {
        var payload = JsonSerializer.Deserialize<InvitationPayload>(message.Payload, MeetingStore.Json)!;
        var stored = await meetings.GetAsync(payload.MeetingId, ct);
        if (stored?.Meeting is not { } m)
        {
            return Composition.NotYet;
        }
        if (Matches(m, payload) is { } mismatch)
        {
            return mismatch;
        }
        var organizer = await organizers.GetAsync(m.OrganizerId, ct);
        if (organizer is null)
        {
            return Composition.Gone;
        }
        if (payload.Purpose == InvitationPurpose.Removed)
        {
            return message.Recipient is { } recipient ? await RemovedAsync(m, organizer, payload.ContactId!, recipient, ct) : Composition.Gone;
        }
        var view = views.Render(m);
        InvitationView? invitation = null;
        var locale = DefaultLocale;
        string? inviteeZone = null;
        if (payload.ContactId is { } contactId)
        {
            invitation = view.Invitations.FirstOrDefault(i => i.ContactId == contactId);
            if (invitation is null)
            {
                // Invitees are added without a new sequence: this one's write may still be on its way.
                return Composition.NotYet;
            }
            var contact = (await organizers.GetContactsAsync(m.OrganizerId, [contactId], ct)).SingleOrDefault();
            locale = Resolve(contact?.Locale);
            inviteeZone = contact?.TimeZone;
        }

        var times = new InvitationTimes(OrganizerZone(organizer, m), organizer.TimeZone, inviteeZone, locale, m.Start, m.ActiveFrom);
        var title = ("title", m.Title);
        var organizerName = ("organizer", organizer.Name);
        var start = ("start", times.Local(m.Start));

        var subject = payload.Purpose switch
        {
            InvitationPurpose.Cancel => Format(locale, "subjectCancel", title),
            InvitationPurpose.Reminder => Format(locale, "subjectReminder", title, ("time", times.ReaderTime(m.Start))),
            InvitationPurpose.Update => Format(locale, "subjectUpdate", title),
            _ when invitation is null => Format(locale, "subjectOrganizer", title),
            _ => Format(locale, "subjectInvitation", title),
        };
        var lines = new List<Line> { new(Format(locale, "greeting", ("name", invitation?.Name ?? organizer.Name))) };
        lines.Add(new(payload.Purpose switch
        {
            InvitationPurpose.Cancel => Format(locale, "introCancel", organizerName, title, start),
            InvitationPurpose.Reminder => Format(locale, "introReminder", title),
            InvitationPurpose.Update => Format(locale, "introUpdate", organizerName, title),
            _ when invitation is null => Format(locale, "introOrganizer", title),
            _ => Format(locale, "introInvitation", organizerName, title),
        }));
        if (payload.Purpose != InvitationPurpose.Cancel)
        {
            lines.AddRange(Details(m, view, invitation, organizer, locale, times));
        }
        else if (times.InYourZone(m.Start) is { } yours)
        {
            lines.Add(new(yours));
        }
        lines.Add(new(Format(locale, "footer")));

        var body = new BodyBuilder { TextBody = Text(lines), HtmlBody = Html(lines, locale) };
        if (payload.Purpose != InvitationPurpose.Reminder)
        {
            var method = payload.Purpose == InvitationPurpose.Cancel ? "CANCEL" : "REQUEST";
            var ics = new MimePart("text", "calendar")
            {
                Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(Calendar(m, organizer, invitation, method, Text(lines))))),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = "invite.ics",
            };
            ics.ContentType.Parameters.Add("method", method);
            ics.ContentType.Charset = "utf-8";
            body.Attachments.Add(ics);
        }
        var mime = new MimeMessage { Subject = subject, Body = body.ToMessageBody() };
        mime.To.Add(new MailboxAddress(invitation?.Name ?? organizer.Name, invitation?.Email ?? organizer.Email));
        mime.Body.Headers.Add(HeaderId.ContentLanguage, locale);
        return mime;
    }

    /// <summary>
    /// Null when the stored meeting is the one the message was enqueued for. Otherwise whether the change that enqueued it
    /// may still be on its way (outbox-first: a cancel or a removal not written yet, a meeting not yet at the message's
    /// sequence) or the meeting has moved past it for good (a later sequence, a cancel, a reminder for another start).
    /// </summary>
    private static Composition? Matches(Meeting m, InvitationPayload p) => p.Purpose switch
    {
        InvitationPurpose.Cancel => m.Status == MeetingStatus.Cancelled ? null : Composition.NotYet,
        InvitationPurpose.Removed => m.Invitees.All(i => i.ContactId != p.ContactId) ? null : Composition.NotYet,
        InvitationPurpose.Reminder => m.Status == MeetingStatus.Scheduled && m.Start.ToUnixTimeMilliseconds() == p.StartsAt ? null : Composition.Gone,
        _ => m.Status != MeetingStatus.Scheduled || m.Sequence > p.Sequence ? Composition.Gone
            : m.Sequence < p.Sequence ? Composition.NotYet
            : null,
    };

    private IEnumerable<Line> Details(Meeting m, MeetingView view, InvitationView? invitation, Organizer organizer, string locale, InvitationTimes times)
    {
        foreach (var when in times.When(m.Start, m.DurationMinutes))
        {
            yield return new(when, Strong: true);
        }
        yield return new(Format(locale, "organizer", ("organizer", organizer.Name)));
        if (invitation is not null)
        {
            yield return new(Format(locale, "join", ("url", invitation.JoinUrl)), invitation.JoinUrl);
        }
        yield return new(Format(locale, "accessCode", ("code", view.AccessCode)), Strong: true);
        if (invitation?.Passcode is { } passcode)
        {
            yield return new(Format(locale, m.PasscodeMode == PasscodeMode.Unique ? "passcode" : "sharedPasscode", ("passcode", passcode)), Strong: true);
        }
        else if (invitation is null && view.SharedPasscode is { } shared)
        {
            yield return new(Format(locale, "sharedPasscode", ("passcode", shared)), Strong: true);
        }
        var hostPin = invitation is null ? protector.Unprotect(organizer.HostPinProtected) : null;
        if (hostPin is not null)
        {
            yield return new(Format(locale, "hostPin", ("pin", hostPin)), Strong: true);
        }
        foreach (var number in options.Value.DialInNumbers)
        {
            yield return new(Format(locale, "dialIn", ("number", number.Number), ("country", number.Country)));
            var dial = invitation?.DialStrings.First(d => d.Number == number.Number).Value
                ?? MeetingViews.OneTapDialString(number.Number, view.AccessCode, view.SharedPasscode);
            yield return new(Format(locale, "oneTap", ("dial", dial)), "tel:" + dial);
            if (hostPin is not null)
            {
                var hostDial = HostOneTapDialString(number.Number, view.AccessCode, hostPin);
                yield return new(Format(locale, "hostOneTap", ("dial", hostDial)), "tel:" + hostDial);
            }
        }
        foreach (var opens in times.Opens(m.ActiveFrom))
        {
            yield return new(opens);
        }
    }

    // The organizer's profile zone; a stored zone the system no longer knows falls back to the meeting's, then UTC.
    private static TimeZoneInfo OrganizerZone(Organizer organizer, Meeting m) =>
        TimeZones.FindIana(organizer.TimeZone) ?? TimeZones.FindIana(m.TimeZone) ?? TimeZoneInfo.Utc;

    /// <summary>
    /// <c>+15551234567,,1234567890*4321#</c>: the access code and the host PIN in one go at the first prompt, which
    /// the flow accepts whatever the meeting's passcode mode (a star at the passcode prompt would not reach a meeting
    /// without one, whose prompt takes a single key).
    /// </summary>
    internal static string HostOneTapDialString(string number, string accessCode, string hostPin) => $"{number},,{accessCode}*{hostPin}#";

    /// <summary>
    /// To an invitee the organizer removed: a calendar cancel of their entry (same UID, the meeting's sequence) and no
    /// code, passcode or link. Read from the meeting as it stands, which no longer names them: the address book gives
    /// their name and language.
    /// </summary>
    private async Task<MimeMessage> RemovedAsync(Meeting m, Organizer organizer, string contactId, string recipient, CancellationToken ct)
    {
        var contact = (await organizers.GetContactsAsync(m.OrganizerId, [contactId], ct)).SingleOrDefault();
        var locale = Resolve(contact?.Locale);
        var name = contact?.Name ?? recipient;
        var times = new InvitationTimes(OrganizerZone(organizer, m), organizer.TimeZone, contact?.TimeZone, locale, m.Start);
        var lines = new List<Line>
        {
            new(Format(locale, "greeting", ("name", name))),
            new(Format(locale, "introRemoved", ("organizer", organizer.Name), ("title", m.Title), ("start", times.Local(m.Start)))),
        };
        if (times.InYourZone(m.Start) is { } yours)
        {
            lines.Add(new(yours));
        }
        lines.Add(new(Format(locale, "footer")));
        var calendar = new Ical.Net.Calendar { Method = "CANCEL" };
        var entry = new CalendarEvent
        {
            Uid = $"{m.Id}-{contactId}@ivrgateway",
            Sequence = m.Sequence,
            Summary = m.Title,
            Start = new CalDateTime(m.Start.UtcDateTime, "UTC"),
            End = new CalDateTime(m.End.UtcDateTime, "UTC"),
            DtStamp = new CalDateTime(time.GetUtcNow().UtcDateTime, "UTC"),
            Description = Text(lines),
            Status = "CANCELLED",
            Organizer = new Ical.Net.DataTypes.Organizer("mailto:" + organizer.Email) { CommonName = organizer.Name },
        };
        entry.Attendees.Add(new Attendee("mailto:" + recipient) { CommonName = name, Role = "REQ-PARTICIPANT" });
        calendar.Events.Add(entry);
        var body = new BodyBuilder { TextBody = Text(lines), HtmlBody = Html(lines, locale) };
        var ics = new MimePart("text", "calendar")
        {
            Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(new CalendarSerializer().SerializeToString(calendar)!))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "invite.ics",
        };
        ics.ContentType.Parameters.Add("method", "CANCEL");
        ics.ContentType.Charset = "utf-8";
        body.Attachments.Add(ics);
        var mime = new MimeMessage { Subject = Format(locale, "subjectCancel", ("title", m.Title)), Body = body.ToMessageBody() };
        mime.To.Add(new MailboxAddress(name, recipient));
        mime.Body.Headers.Add(HeaderId.ContentLanguage, locale);
        return mime;
    }

    private static string Text(IEnumerable<Line> lines) => string.Join("\n\n", lines.Select(l => l.Text)) + "\n";

    private static string Html(IEnumerable<Line> lines, string locale)
    {
        var html = new StringBuilder($"<!DOCTYPE html><html lang=\"{locale}\"><body style=\"font-family:system-ui,sans-serif\">");
        foreach (var line in lines)
        {
            // WebUtility rather than HtmlEncoder: dial strings keep their + and # readable in the source of the mail.
            var text = WebUtility.HtmlEncode(line.Text);
            text = line.Url is { } url ? $"<a href=\"{WebUtility.HtmlEncode(url)}\">{text}</a>" : text;
            html.Append(line.Strong ? $"<p><strong>{text}</strong></p>" : $"<p>{text}</p>");
        }
        return html.Append("</body></html>").ToString();
    }

    /// <summary>One calendar entry per recipient: a stable UID per meeting and recipient, the meeting's sequence.</summary>
    private string Calendar(Meeting m, Organizer organizer, InvitationView? invitation, string method, string description)
    {
        var calendar = new Ical.Net.Calendar { Method = method };
        var entry = new CalendarEvent
        {
            Uid = $"{m.Id}-{invitation?.ContactId ?? "organizer"}@ivrgateway",
            Sequence = m.Sequence,
            Summary = m.Title,
            Start = new CalDateTime(m.Start.UtcDateTime, "UTC"),
            End = new CalDateTime(m.End.UtcDateTime, "UTC"),
            DtStamp = new CalDateTime(time.GetUtcNow().UtcDateTime, "UTC"),
            Description = description,
            Location = invitation?.DialString ?? options.Value.DialInNumbers.FirstOrDefault()?.Number,
            Status = method == "CANCEL" ? "CANCELLED" : "CONFIRMED",
            Organizer = new Ical.Net.DataTypes.Organizer("mailto:" + organizer.Email) { CommonName = organizer.Name },
        };
        if (invitation is not null)
        {
            entry.Url = new Uri(invitation.JoinUrl);
            entry.Attendees.Add(new Attendee("mailto:" + invitation.Email) { CommonName = invitation.Name, Rsvp = true, Role = "REQ-PARTICIPANT" });
        }
        else
        {
            foreach (var i in m.Invitees)
            {
                entry.Attendees.Add(new Attendee("mailto:" + i.Email) { CommonName = i.Name, Role = "REQ-PARTICIPANT" });
            }
        }
        calendar.Events.Add(entry);
        return new CalendarSerializer().SerializeToString(calendar)!;
    }
}
