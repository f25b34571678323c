using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using IvrGateway.IntegrationTests.Mail;

namespace IvrGateway.IntegrationTests.Scheduling.Invitations;

/// <summary>
/// The invitee's own time zone, through the outbox to a real SMTP server: a New York organizer's 21:00 meeting reads as
/// 03:00 the next day to an invitee in Madrid, beside the organizer's time; an invitee without a zone, and the organizer,
/// read one line as before; the calendar entry stays in UTC.
/// </summary>
public sealed class InviteeTimeZoneMailTests : SmtpFixture
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    private static readonly CultureInfo Spanish = CultureInfo.GetCultureInfo("es-US");

    // On the test clock (Tuesday 16 June 2099, 10:00 in New York): Wednesday the 17th at 21:00 in New York (EDT, -4) is
    // 01:00 UTC on the 18th and 03:00 on Thursday the 18th in Madrid (CEST, +2). The code opens 15 minutes earlier.
    private static readonly DateTimeOffset Start = new(2099, 6, 17, 21, 0, 0, TimeSpan.FromHours(-4));

    private sealed record ContactJson(string Id, string Name, string Email, string? TimeZone);

    // The message's own formatter, fed the wall-clock time worked out by hand above: the test checks the conversion and the date.
    private static string At(int day, int hour, int minute, CultureInfo culture, string format = "f") =>
        new DateTime(2099, 6, day, hour, minute, 0).ToString(format, culture);

    private static async Task<ContactJson> AddAsync(TestOrganizer organizer, string name, string email, string? locale, string? timeZone)
    {
        using var response = await organizer.Http.PostAsJsonAsync("/api/v1/me/contacts", new { name, email, locale, timeZone });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ContactJson>(IvrApplication.Json))!;
    }

    [Test]
    public async Task An_invitee_in_madrid_reads_both_times_with_the_next_day_and_one_without_a_zone_reads_one_line()
    {
        using var app = MailApps.Create(smtp);
        app.Time.SetUtcNow(TestClock.Afternoon);
        var organizer = await app.NewOrganizerAsync("Nora Newyork", "America/New_York");
        var ana = await AddAsync(organizer, "Ana Alba", "ana@example.com", null, "Europe/Madrid");
        var lucia = await AddAsync(organizer, "Lucía López", "lucia@example.com", "es-US", "Europe/Madrid");
        var bob = await AddAsync(organizer, "Bob Baker", "bob@example.com", null, null);
        var meeting = await organizer.ScheduleOkAsync(new
        {
            title = "Late sync",
            start = InvitationMail.Iso(Start),
            durationMinutes = 30,
            timeZone = "America/New_York",
            invitees = new[] { ana.Id, lucia.Id, bob.Id },
        });

        var received = await app.SendUntilAsync(smtp, 4);

        var toAna = received.To(ana.Email).Single();
        var toLucia = received.To(lucia.Email).Single();
        var toBob = received.To(bob.Email).Single();
        var copy = received.To(organizer.Account.Email).Single();
        Assert.Multiple(() =>
        {
            Assert.That(toAna.TextBody, Does.Contain($"When: {At(17, 21, 0, English)} (America/New_York), 30 minutes\n\nIn your time zone: {At(18, 3, 0, English)} (Europe/Madrid)"));
            Assert.That(At(18, 3, 0, English), Does.StartWith("Thursday, June 18, 2099"), "the next day in Madrid");
            Assert.That(toAna.TextBody, Does.Contain($"The code opens at {At(17, 20, 45, English)} (America/New_York).\n\nIn your time zone the code opens at {At(18, 2, 45, English)} (Europe/Madrid)."));
            Assert.That(toAna.HtmlBody, Does.Contain($"<p><strong>{WebUtility.HtmlEncode($"In your time zone: {At(18, 3, 0, English)} (Europe/Madrid)")}</strong></p>"));
            Assert.That(toAna.HtmlBody, Does.Contain($"<p>{WebUtility.HtmlEncode($"In your time zone the code opens at {At(18, 2, 45, English)} (Europe/Madrid).")}</p>"));

            Assert.That(toLucia.TextBody, Does.Contain($"Cuándo: {At(17, 21, 0, Spanish)} (America/New_York), 30 minutos\n\nEn su zona horaria: {At(18, 3, 0, Spanish)} (Europe/Madrid)"));
            Assert.That(toLucia.TextBody, Does.Contain($"En su zona horaria, el código se abre a las {At(18, 2, 45, Spanish)} (Europe/Madrid)."));
            Assert.That(toLucia.HtmlBody, Does.Contain(WebUtility.HtmlEncode($"En su zona horaria: {At(18, 3, 0, Spanish)} (Europe/Madrid)")));

            Assert.That(toBob.TextBody, Does.Contain($"When: {At(17, 21, 0, English)} (America/New_York), 30 minutes"));
            Assert.That(toBob.TextBody, Does.Contain($"The code opens at {At(17, 20, 45, English)}."));
            Assert.That(toBob.TextBody + toBob.HtmlBody, Does.Not.Contain("In your time zone").And.Not.Contain("Europe/Madrid"));
            Assert.That(copy.TextBody, Does.Not.Contain("In your time zone").And.Not.Contain("Europe/Madrid"), "the organizer's own copy is unchanged");
            Assert.That(copy.TextBody, Does.Contain($"The code opens at {At(17, 20, 45, English)}."));

            foreach (var message in new[] { toAna, toLucia, toBob, copy })
            {
                var entry = message.Event();
                Assert.That(entry.Start!.IsUtc, Is.True, "the calendar entry stays in UTC: calendars convert");
                Assert.That(entry.Start.AsUtc, Is.EqualTo(new DateTime(2099, 6, 18, 1, 0, 0, DateTimeKind.Utc)));
                Assert.That(message.Calendar().TimeZones, Is.Empty);
            }
            Assert.That(meeting.Start, Is.EqualTo(Start));
        });

        // The 24-hour reminder: its subject gives the time where the reader is; the body both times again.
        app.Time.Advance(Start - TimeSpan.FromHours(24) - app.Time.GetUtcNow());
        received = await app.SendUntilAsync(smtp, 8);
        var anaReminder = received.To(ana.Email).Last();
        var bobReminder = received.To(bob.Email).Last();
        Assert.Multiple(() =>
        {
            Assert.That(anaReminder.Subject, Is.EqualTo($"Reminder: Late sync at {At(18, 3, 0, English, "t")}"));
            Assert.That(anaReminder.TextBody, Does.Contain($"In your time zone: {At(18, 3, 0, English)} (Europe/Madrid)"));
            Assert.That(received.To(lucia.Email).Last().Subject, Is.EqualTo($"Recordatorio: Late sync a las {At(18, 3, 0, Spanish, "t")}"));
            Assert.That(bobReminder.Subject, Is.EqualTo($"Reminder: Late sync at {At(17, 21, 0, English, "t")}"));
            Assert.That(bobReminder.TextBody, Does.Not.Contain("In your time zone"));
            Assert.That(received.To(organizer.Account.Email).Last().Subject, Is.EqualTo($"Reminder: Late sync at {At(17, 21, 0, English, "t")}"));
        });
    }

    [Test]
    public async Task A_cancel_tells_an_invitee_in_another_zone_the_start_they_had_in_their_own_time()
    {
        using var app = MailApps.Create(smtp);
        app.Time.SetUtcNow(TestClock.Afternoon);
        var organizer = await app.NewOrganizerAsync("Nora Newyork", "America/New_York");
        var ana = await AddAsync(organizer, "Ana Alba", "ana@example.com", null, "Europe/Madrid");
        var meeting = await organizer.ScheduleOkAsync(new
        {
            title = "Late sync", start = InvitationMail.Iso(Start), durationMinutes = 30, timeZone = "America/New_York", invitees = new[] { ana.Id },
        });
        await app.SendUntilAsync(smtp, 2);

        (await organizer.Http.DeleteAsync("/api/v1/conferences/" + meeting.Id)).EnsureSuccessStatusCode();
        var received = await app.SendUntilAsync(smtp, 4);

        var cancel = received.To(ana.Email).Last();
        Assert.That(cancel.Subject, Is.EqualTo("Cancelled: Late sync"));
        Assert.That(cancel.TextBody, Does.Contain($"planned for {At(17, 21, 0, English)}. The access code no longer works.\n\nIn your time zone: {At(18, 3, 0, English)} (Europe/Madrid)"));
        Assert.That(received.To(organizer.Account.Email).Last().TextBody, Does.Not.Contain("In your time zone"));
    }
}
