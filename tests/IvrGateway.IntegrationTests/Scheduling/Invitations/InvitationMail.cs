using System.Globalization;
using System.Net.Http.Json;
using Ical.Net.CalendarComponents;
using IvrGateway.IntegrationTests.Mail;
using IvrGateway.Testing.Mail;
using MimeKit;

namespace IvrGateway.IntegrationTests.Scheduling.Invitations;

/// <summary>What the tests read back from a received message: its calendar entry, parsed with Ical.Net.</summary>
internal static class InvitationMail
{
    public static MimePart? CalendarPart(this MimeMessage message) =>
        message.Attachments.OfType<MimePart>().SingleOrDefault(a => a.FileName == "invite.ics");

    public static Ical.Net.Calendar Calendar(this MimeMessage message)
    {
        var part = message.CalendarPart() ?? throw new AssertionException($"No invite.ics in \"{message.Subject}\".");
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(stream.ToArray()))!;
    }

    public static CalendarEvent Event(this MimeMessage message) => message.Calendar().Events.Single();

    /// <summary>
    /// Messages by Message-ID. These tests jump the fake clock by hours, which can expire the lease of a message a
    /// worker is still marking sent on a loaded machine; the outbox then sends it again under the same Message-ID
    /// (its documented at-least-once edge), which a mail client recognises as the same message.
    /// </summary>
    public static int DistinctCount(this SmtpTestServer smtp) => smtp.Messages.Select(m => m.MessageId).Distinct().Count();

    public static IReadOnlyList<MimeMessage> To(this IEnumerable<MimeMessage> messages, string address) =>
        messages.Where(m => m.To.Mailboxes.Single().Address == address).ToList();

    public static string Iso(DateTimeOffset instant) => instant.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);

    public static async Task<ContactDto> AddContactAsync(this TestOrganizer organizer, string name, string email, string? locale)
    {
        var response = await organizer.Http.PostAsJsonAsync("/api/v1/me/contacts", new { name, email, locale });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ContactDto>(IvrApplication.Json))!;
    }

    /// <summary>Dispatches until the SMTP server holds <paramref name="count"/> messages (the worker may send some on its own poll).</summary>
    public static async Task<IReadOnlyList<MimeMessage>> SendUntilAsync(this IvrApplication app, Testing.Mail.SmtpTestServer smtp, int count)
    {
        // A message the background worker claimed while its meeting was still being written waits a second of the gateway's
        // clock for it (Mail:Outbox:SubjectWaitSeconds); under the test's fake clock that second must be given, or it never comes.
        for (var look = 0; look < 3; look++)
        {
            await app.DispatchAsync();
            var until = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(3);
            while (smtp.Messages.Count < count && TimeProvider.System.GetUtcNow() < until)
            {
                await Task.Delay(50);
            }
            if (smtp.Messages.Count >= count)
            {
                break;
            }
            app.Time.Advance(TimeSpan.FromSeconds(1));
        }
        return await smtp.WaitForAsync(count);
    }
}
