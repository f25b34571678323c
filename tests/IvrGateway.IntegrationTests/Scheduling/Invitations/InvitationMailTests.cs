using System.Net;
using System.Net.Http.Json;
using IvrGateway.IntegrationTests.Mail;
using MimeKit;
using static IvrGateway.IntegrationTests.Scheduling.Invitations.InvitationMail;

namespace IvrGateway.IntegrationTests.Scheduling.Invitations;

/// <summary>
/// The messages a meeting sends, through the outbox to a real SMTP server in the test process, read back
/// with MimeKit and Ical.Net field by field.
/// </summary>
public sealed class InvitationMailTests : SmtpFixture
{
    // The organizer of the test under way: every account has its own address.
    private string OrganizerEmail = "";

    [Test]
    public async Task Each_invitee_gets_only_their_own_passcode_and_link_with_every_one_tap_string_and_a_calendar_request()
    {
        using var app = MailApps.Create(smtp);
        var organizer = await app.NewOrganizerAsync();
        OrganizerEmail = organizer.Account.Email;
        var alice = await organizer.AddContactAsync("Alice Adams");
        var bob = await organizer.AddContactAsync("Bob Brown");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(3), security: new { passcodeMode = "unique" }, invitees: [alice.Id, bob.Id]);

        var received = await app.SendUntilAsync(smtp, 3);

        Assert.That(received, Has.Count.EqualTo(3), "one per invitee and the organizer's copy; the reminders are not due yet");
        foreach (var (mine, other) in new[] { (meeting.Invitations[0], meeting.Invitations[1]), (meeting.Invitations[1], meeting.Invitations[0]) })
        {
            var message = received.To(mine.Email).Single();
            var entry = message.Event();
            Assert.Multiple(() =>
            {
                Assert.That(message.Subject, Is.EqualTo("Invitation: Weekly sync"));
                Assert.That(message.TextBody, Does.Contain("Your passcode: " + mine.Passcode));
                Assert.That(message.HtmlBody, Does.Contain(mine.Passcode));
                Assert.That(message.TextBody, Does.Contain("Join online: " + mine.JoinUrl));
                Assert.That(message.TextBody + message.HtmlBody + message.Calendar().ToString(), Does.Not.Contain(other.Passcode!), "nobody else's passcode");
                Assert.That(message.TextBody + message.HtmlBody, Does.Not.Contain(other.JoinUrl), "nobody else's link");
                Assert.That(message.TextBody, Does.Contain("Access code: " + meeting.AccessCode));
                Assert.That(message.TextBody, Does.Contain("Dial in: " + IvrApplication.DialInNumber + " (US)"));
                Assert.That(message.TextBody, Does.Contain("Dial in: +4930901820 (DE)"));
                foreach (var dial in mine.DialStrings)
                {
                    Assert.That(message.TextBody, Does.Contain("One tap: " + dial.Value));
                    Assert.That(message.HtmlBody, Does.Contain("href=\"tel:" + dial.Value + "\""));
                }
                Assert.That(message.TextBody, Does.Contain("The code opens at"));
                Assert.That(message.TextBody, Does.Contain("Organizer: Olivia Organizer"));
                Assert.That(message.TextBody, Does.Not.Contain(organizer.Account.HostPin), "the host PIN is the organizer's alone");
                Assert.That(message.Calendar().Method, Is.EqualTo("REQUEST"));
                Assert.That(entry.Uid, Is.EqualTo($"{meeting.Id}-{mine.ContactId}@ivrgateway"));
                Assert.That(entry.Sequence, Is.Zero);
                Assert.That(entry.Summary, Is.EqualTo("Weekly sync"));
                Assert.That(entry.Start!.AsUtc, Is.EqualTo(meeting.Start.UtcDateTime));
                Assert.That(entry.End!.AsUtc, Is.EqualTo(meeting.End.UtcDateTime));
                Assert.That(entry.Organizer!.Value!.ToString(), Is.EqualTo("mailto:" + OrganizerEmail));
                Assert.That(entry.Attendees.Select(a => a.Value!.ToString()), Is.EqualTo(new[] { "mailto:" + mine.Email }));
                Assert.That(entry.Url!.ToString(), Is.EqualTo(mine.JoinUrl));
                Assert.That(message.CalendarPart()!.ContentType.Parameters["method"], Is.EqualTo("REQUEST"));
            });
        }

        var copy = received.To(OrganizerEmail).Single();
        Assert.Multiple(() =>
        {
            Assert.That(copy.Subject, Is.EqualTo("Your meeting: Weekly sync"));
            Assert.That(copy.TextBody, Does.Contain("Host PIN: " + organizer.Account.HostPin));
            Assert.That(copy.TextBody, Does.Contain("Access code: " + meeting.AccessCode));
            foreach (var number in new[] { IvrApplication.DialInNumber, "+4930901820" })
            {
                Assert.That(copy.TextBody, Does.Contain($"Host one tap: {number},,{meeting.AccessCode}*{organizer.Account.HostPin}#"));
            }
            Assert.That(copy.TextBody, Does.Not.Contain(meeting.Invitations[0].Passcode!).And.Not.Contain(meeting.Invitations[1].Passcode!));
            Assert.That(copy.Event().Uid, Is.EqualTo($"{meeting.Id}-organizer@ivrgateway"));
            Assert.That(copy.Event().Attendees, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task A_shared_passcode_meeting_tells_every_invitee_the_shared_passcode()
    {
        using var app = MailApps.Create(smtp);
        var organizer = await app.NewOrganizerAsync();
        OrganizerEmail = organizer.Account.Email;
        var alice = await organizer.AddContactAsync("Alice Adams");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(3), security: new { passcodeMode = "shared", sharedPasscode = "482913" },
            invitees: [alice.Id]);

        var received = await app.SendUntilAsync(smtp, 2);

        var message = received.To(alice.Email).Single();
        Assert.Multiple(() =>
        {
            Assert.That(message.TextBody, Does.Contain("Passcode: 482913"));
            Assert.That(message.TextBody, Does.Contain($"One tap: {IvrApplication.DialInNumber},,{meeting.AccessCode}#,,482913#"));
            Assert.That(received.To(OrganizerEmail).Single().TextBody, Does.Contain("Passcode: 482913"));
        });
    }

    [Test]
    public async Task Rescheduling_sends_an_update_under_the_same_uid_with_a_higher_sequence_and_cancelling_sends_a_cancel()
    {
        using var app = MailApps.Create(smtp);
        var organizer = await app.NewOrganizerAsync();
        OrganizerEmail = organizer.Account.Email;
        var alice = await organizer.AddContactAsync("Alice Adams");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(3), invitees: [alice.Id]);
        await app.SendUntilAsync(smtp, 2);

        var firstMove = meeting.Start.AddHours(2);
        (await organizer.Http.PatchAsJsonAsync("/api/v1/conferences/" + meeting.Id, new { start = Iso(firstMove) })).EnsureSuccessStatusCode();
        await app.SendUntilAsync(smtp, 4);
        var secondMove = meeting.Start.AddDays(1);
        (await organizer.Http.PatchAsJsonAsync("/api/v1/conferences/" + meeting.Id, new { start = Iso(secondMove), title = "Weekly sync (moved)" }))
            .EnsureSuccessStatusCode();
        await app.SendUntilAsync(smtp, 6);
        (await organizer.Http.DeleteAsync("/api/v1/conferences/" + meeting.Id)).EnsureSuccessStatusCode();
        var received = await app.SendUntilAsync(smtp, 8);

        var toAlice = received.To(alice.Email);
        var entries = toAlice.Select(m => m.Event()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(received, Has.Count.EqualTo(8));
            Assert.That(toAlice.Select(m => m.Calendar().Method), Is.EqualTo(new[] { "REQUEST", "REQUEST", "REQUEST", "CANCEL" }));
            Assert.That(entries.Select(e => e.Uid).Distinct(), Is.EqualTo(new[] { $"{meeting.Id}-{alice.Id}@ivrgateway" }));
            Assert.That(entries.Select(e => e.Sequence), Is.EqualTo(new[] { 0, 1, 2, 3 }));
            Assert.That(entries.Select(e => e.Start!.AsUtc), Is.EqualTo(new[] { meeting.Start, firstMove, secondMove, secondMove }.Select(s => s.UtcDateTime)));
            Assert.That(entries[3].Status, Is.EqualTo("CANCELLED"));
            Assert.That(toAlice.Select(m => m.Subject), Is.EqualTo(new[]
            {
                "Invitation: Weekly sync", "Updated invitation: Weekly sync", "Updated invitation: Weekly sync (moved)", "Cancelled: Weekly sync (moved)",
            }));
            Assert.That(toAlice[3].TextBody, Does.Not.Contain(meeting.AccessCode), "a cancel carries no code");
            Assert.That(received.To(OrganizerEmail).Select(m => m.Calendar().Method), Is.EqualTo(new[] { "REQUEST", "REQUEST", "REQUEST", "CANCEL" }));
        });
    }

    [Test]
    public async Task A_reminder_goes_out_at_its_offset_before_the_start_on_the_test_clock()
    {
        using var app = MailApps.Create(smtp);
        var organizer = await app.NewOrganizerAsync();
        OrganizerEmail = organizer.Account.Email;
        var alice = await organizer.AddContactAsync("Alice Adams");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(2), invitees: [alice.Id]);
        await app.SendUntilAsync(smtp, 2);

        app.Time.Advance(meeting.Start - TimeSpan.FromHours(24) - app.Time.GetUtcNow() - TimeSpan.FromMinutes(1));
        await app.DispatchAsync();
        var early = smtp.DistinctCount();
        app.Time.Advance(TimeSpan.FromMinutes(1));
        var received = await app.SendUntilAsync(smtp, 4);

        var reminder = received.To(alice.Email).Last();
        Assert.Multiple(() =>
        {
            Assert.That(early, Is.EqualTo(2), "a minute before the 24-hour reminder is due, nothing more");
            Assert.That(received, Has.Count.EqualTo(4));
            Assert.That(reminder.Subject, Does.StartWith("Reminder: Weekly sync at "));
            Assert.That(reminder.Date, Is.EqualTo(meeting.Start - TimeSpan.FromHours(24)).Within(TimeSpan.FromSeconds(1)));
            Assert.That(reminder.TextBody, Does.Contain("Join online: " + meeting.Invitations[0].JoinUrl));
            Assert.That(reminder.CalendarPart(), Is.Null, "a reminder does not touch the calendar entry");
            Assert.That(received.To(OrganizerEmail).Last().Subject, Does.StartWith("Reminder: "));
        });

        app.Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(15));
        received = await app.SendUntilAsync(smtp, 6);
        Assert.That(received.To(alice.Email).Last().Date, Is.EqualTo(meeting.Start - TimeSpan.FromMinutes(15)).Within(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public async Task Mail_Reminders_sets_the_offsets()
    {
        using var app = MailApps.Create(smtp, new() { ["Mail:Reminders:0"] = "02:00:00" });
        var organizer = await app.NewOrganizerAsync();
        OrganizerEmail = organizer.Account.Email;
        var alice = await organizer.AddContactAsync("Alice Adams");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(2), invitees: [alice.Id]);
        await app.SendUntilAsync(smtp, 2);

        app.Time.Advance(meeting.Start - TimeSpan.FromHours(24) - app.Time.GetUtcNow());
        await app.DispatchAsync();
        var atDefaultTime = smtp.DistinctCount();
        app.Time.Advance(TimeSpan.FromHours(22));
        var received = await app.SendUntilAsync(smtp, 4);
        app.Time.Advance(TimeSpan.FromMinutes(105));
        await app.DispatchAsync();
        await Task.Delay(200);

        Assert.Multiple(() =>
        {
            Assert.That(atDefaultTime, Is.EqualTo(2), "no 24-hour reminder");
            Assert.That(received.To(alice.Email).Last().Date, Is.EqualTo(meeting.Start - TimeSpan.FromHours(2)).Within(TimeSpan.FromSeconds(1)));
            Assert.That(smtp.DistinctCount(), Is.EqualTo(4), "no 15-minute reminder");
        });
    }

    [Test]
    public async Task Reminders_follow_a_reschedule_and_vanish_on_cancel_and_past_ones_are_never_sent()
    {
        using var app = MailApps.Create(smtp);
        var organizer = await app.NewOrganizerAsync();
        OrganizerEmail = organizer.Account.Email;
        var alice = await organizer.AddContactAsync("Alice Adams");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(2), invitees: [alice.Id]);
        var newStart = meeting.Start.AddDays(1);
        (await organizer.Http.PatchAsJsonAsync("/api/v1/conferences/" + meeting.Id, new { start = Iso(newStart) })).EnsureSuccessStatusCode();
        var first = await app.SendUntilAsync(smtp, 2);

        // The old 24-hour reminder's time: it is dropped, not sent.
        app.Time.Advance(meeting.Start - TimeSpan.FromHours(24) - app.Time.GetUtcNow());
        await app.DispatchAsync();
        var atOldTime = smtp.DistinctCount();
        app.Time.Advance(newStart - TimeSpan.FromHours(24) - app.Time.GetUtcNow());
        var received = await app.SendUntilAsync(smtp, 4);
        var reminder = received.To(alice.Email).Last();

        (await organizer.Http.DeleteAsync("/api/v1/conferences/" + meeting.Id)).EnsureSuccessStatusCode();
        await app.SendUntilAsync(smtp, 6);
        app.Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(15));
        await app.DispatchAsync();
        await Task.Delay(200);

        Assert.Multiple(() =>
        {
            Assert.That(first.Select(m => m.Subject), Is.All.StartWith("Updated invitation: "), "the first invitation, superseded before it went out, is dropped");
            Assert.That(first.Select(m => m.Event().Sequence), Is.All.EqualTo(1));
            Assert.That(atOldTime, Is.EqualTo(2), "no reminder at the old time");
            Assert.That(reminder.Subject, Does.StartWith("Reminder: "));
            Assert.That(reminder.Date, Is.EqualTo(newStart - TimeSpan.FromHours(24)).Within(TimeSpan.FromSeconds(1)));
            Assert.That(smtp.DistinctCount(), Is.EqualTo(6), "after the cancel, no 15-minute reminder");
            Assert.That(smtp.Messages.Where(m => m.Subject?.StartsWith("Reminder", StringComparison.Ordinal) == true).Select(m => m.MessageId).Distinct().Count(), Is.EqualTo(2));
        });

        // Scheduled 10 minutes ahead: both reminders would be in the past already.
        var soon = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(10), invitees: [alice.Id]);
        await app.SendUntilAsync(smtp, 8);
        app.Time.Advance(TimeSpan.FromMinutes(10));
        await app.DispatchAsync();
        await Task.Delay(200);
        Assert.That(smtp.Messages.Where(m => m.Subject?.Contains("Reminder", StringComparison.Ordinal) == true).Select(m => m.MessageId).Distinct().Count(), Is.EqualTo(2),
            $"no reminder for {soon.Id}, scheduled after its reminder times");
    }

    [Test]
    public async Task The_organizer_resends_one_invitation_or_all_and_not_another_organizers()
    {
        using var app = MailApps.Create(smtp);
        var organizer = await app.NewOrganizerAsync();
        OrganizerEmail = organizer.Account.Email;
        var alice = await organizer.AddContactAsync("Alice Adams");
        var bob = await organizer.AddContactAsync("Bob Brown");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(3), security: new { passcodeMode = "unique" }, invitees: [alice.Id, bob.Id]);
        await app.SendUntilAsync(smtp, 3);
        var stranger = await app.NewOrganizerAsync("Sam Stranger");

        var one = await organizer.Http.PostAsync($"/api/v1/conferences/{meeting.Id}/invitations/{bob.Id}/resend", null);
        await app.SendUntilAsync(smtp, 4);
        var all = await organizer.Http.PostAsync($"/api/v1/conferences/{meeting.Id}/invitations/resend", null);
        var received = await app.SendUntilAsync(smtp, 6);
        var foreign = await stranger.Http.PostAsync($"/api/v1/conferences/{meeting.Id}/invitations/resend", null);
        var foreignOne = await stranger.Http.PostAsync($"/api/v1/conferences/{meeting.Id}/invitations/{bob.Id}/resend", null);
        var notInvited = await organizer.Http.PostAsync($"/api/v1/conferences/{meeting.Id}/invitations/ct_nobody/resend", null);

        var toBob = received.To(bob.Email);
        Assert.Multiple(() =>
        {
            Assert.That(one.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(all.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(foreignOne.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(notInvited.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(toBob, Has.Count.EqualTo(3));
            Assert.That(received.To(alice.Email), Has.Count.EqualTo(2));
            Assert.That(toBob.Select(m => m.MessageId).Distinct().Count(), Is.EqualTo(3), "each resend is a message of its own");
            Assert.That(toBob.Select(m => m.Event().Uid).Distinct().Count(), Is.EqualTo(1), "and the same calendar entry");
            Assert.That(toBob.All(m => m.TextBody?.Contains("Your passcode: " + meeting.Invitations[1].Passcode, StringComparison.Ordinal) == true));
            Assert.That(received.To(OrganizerEmail), Has.Count.EqualTo(1), "a resend goes to invitees only");
        });
    }

    [Test]
    public async Task Two_nodes_on_one_redis_send_each_invitation_exactly_once()
    {
        using var first = MailApps.Create(smtp);
        using var second = MailApps.Create(smtp, keyPrefix: first.KeyPrefix);
        var organizer = await first.NewOrganizerAsync();
        OrganizerEmail = organizer.Account.Email;
        var contacts = new List<ContactDto>();
        foreach (var name in new[] { "Alice Adams", "Bob Brown", "Carol Clark", "Dan Dunn", "Eve Evans" })
        {
            contacts.Add(await organizer.AddContactAsync(name));
        }
        await organizer.ScheduleInAsync(TimeSpan.FromDays(3), security: new { passcodeMode = "unique" }, invitees: contacts.Select(c => c.Id).ToArray());

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => (i % 2 == 0 ? first : second).DispatchAsync()));
        var received = await smtp.WaitForAsync(6);
        await Task.WhenAll(first.DispatchAsync(), second.DispatchAsync());
        await Task.Delay(200);

        Assert.Multiple(() =>
        {
            Assert.That(smtp.Messages, Has.Count.EqualTo(6));
            Assert.That(received.Select(m => m.To.Mailboxes.Single().Address), Is.Unique);
            Assert.That(received.Select(m => m.MessageId), Is.Unique);
        });
    }

    [Test]
    public async Task A_contact_with_the_es_US_locale_reads_the_invitation_in_spanish()
    {
        using var app = MailApps.Create(smtp);
        var organizer = await app.NewOrganizerAsync();
        OrganizerEmail = organizer.Account.Email;
        var lucia = await organizer.AddContactAsync("Lucía López", "lucia@example.com", "es-us");
        var refused = await organizer.Http.PostAsJsonAsync("/api/v1/me/contacts", new { name = "X", email = "x@example.com", locale = "not a locale" });
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(3), security: new { passcodeMode = "unique" }, invitees: [lucia.Id]);

        var received = await app.SendUntilAsync(smtp, 2);

        var message = received.To("lucia@example.com").Single();
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(message.Subject, Is.EqualTo("Invitación: Weekly sync"));
            Assert.That(message.Body!.Headers[HeaderId.ContentLanguage], Is.EqualTo("es-US"));
            Assert.That(message.TextBody, Does.Contain("Hola, Lucía López:"));
            Assert.That(message.TextBody, Does.Contain("Su código personal: " + meeting.Invitations[0].Passcode));
            Assert.That(message.TextBody, Does.Contain("Código de acceso: " + meeting.AccessCode));
            Assert.That(message.HtmlBody, Does.Contain("lang=\"es-US\""));
            Assert.That(received.To(OrganizerEmail).Single().Subject, Is.EqualTo("Your meeting: Weekly sync"));
        });
    }

    [Test]
    public async Task No_passcode_link_token_or_host_pin_appears_in_a_subject_or_a_log_line()
    {
        using var app = MailApps.Create(smtp);
        var organizer = await app.NewOrganizerAsync();
        OrganizerEmail = organizer.Account.Email;
        var alice = await organizer.AddContactAsync("Alice Adams");
        var bob = await organizer.AddContactAsync("Bob Brown");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(2), security: new { passcodeMode = "unique" }, invitees: [alice.Id, bob.Id]);
        (await organizer.Http.PatchAsJsonAsync("/api/v1/conferences/" + meeting.Id, new { start = Iso(meeting.Start.AddHours(1)) })).EnsureSuccessStatusCode();
        await organizer.Http.PostAsync($"/api/v1/conferences/{meeting.Id}/invitations/resend", null);
        await app.SendUntilAsync(smtp, 5);
        app.Time.Advance(meeting.Start.AddHours(1) - TimeSpan.FromHours(24) - app.Time.GetUtcNow());
        await app.SendUntilAsync(smtp, 8);
        (await organizer.Http.DeleteAsync("/api/v1/conferences/" + meeting.Id)).EnsureSuccessStatusCode();
        var received = await app.SendUntilAsync(smtp, 11);

        var secrets = meeting.Invitations.SelectMany(i => new[] { i.Passcode!, i.JoinUrl.Split('/').Last() }).Append(organizer.Account.HostPin).ToList();
        var logs = app.Logs.All;
        Assert.Multiple(() =>
        {
            Assert.That(app.Logs.Lines.Count(l => l.Contains("meeting-", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(11), "the sends were logged");
            foreach (var secret in secrets)
            {
                Assert.That(logs, Does.Not.Contain(secret));
                Assert.That(received.Select(m => m.Subject), Has.None.Contain(secret));
            }
        });
    }
}
