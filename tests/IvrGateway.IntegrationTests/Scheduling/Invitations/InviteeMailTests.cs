using System.Net;
using System.Net.Http.Json;
using IvrGateway.IntegrationTests.Mail;

namespace IvrGateway.IntegrationTests.Scheduling.Invitations;

/// <summary>What adding and removing invitees after scheduling mails, and the portal's resend, through a real SMTP server.</summary>
public sealed class InviteeMailTests : SmtpFixture
{
    [Test]
    public async Task A_removed_invitee_gets_a_calendar_cancel_and_an_added_one_an_invitation_with_their_own_passcode()
    {
        using var app = MailApps.Create(smtp);
        var organizer = await app.NewOrganizerAsync();
        var alice = await organizer.AddContactAsync("Alice Adams");
        var bob = await organizer.AddContactAsync("Bob Brown");
        var carol = await organizer.AddContactAsync("Carol Clark");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(3), security: new { passcodeMode = "unique" }, invitees: [alice.Id, bob.Id]);
        await app.SendUntilAsync(smtp, 3);

        using var removed = await organizer.Http.DeleteAsync($"/api/v1/conferences/{meeting.Id}/invitees/{bob.Id}");
        using var added = await organizer.Http.PostAsJsonAsync($"/api/v1/conferences/{meeting.Id}/invitees", new { contactIds = new[] { carol.Id } });
        var view = (await added.Content.ReadFromJsonAsync<ConferenceDto>(IvrApplication.Json))!;
        var received = await app.SendUntilAsync(smtp, 5);

        var bobs = meeting.Invitations.Single(i => i.ContactId == bob.Id);
        var toBob = received.To(bob.Email).Last();
        var toCarol = received.To(carol.Email).Single();
        var carols = view.Invitations.Single(i => i.ContactId == carol.Id);
        Assert.Multiple(() =>
        {
            Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(received, Has.Count.EqualTo(5), "one to each changed invitee, nothing to the others");
            Assert.That(toBob.Subject, Is.EqualTo("Cancelled: Weekly sync"));
            Assert.That(toBob.Calendar().Method, Is.EqualTo("CANCEL"));
            Assert.That(toBob.CalendarPart()!.ContentType.Parameters["method"], Is.EqualTo("CANCEL"));
            Assert.That(toBob.Event().Uid, Is.EqualTo($"{meeting.Id}-{bob.Id}@ivrgateway"));
            Assert.That(toBob.Event().Status, Is.EqualTo("CANCELLED"));
            Assert.That(toBob.TextBody, Does.Contain("Olivia Organizer took you off the invitation list").And.Contain("no longer work"));
            Assert.That(toBob.TextBody + toBob.Calendar().ToString(), Does.Not.Contain(meeting.AccessCode).And.Not.Contain(bobs.Passcode!).And.Not.Contain(bobs.JoinUrl));
            Assert.That(toCarol.Subject, Is.EqualTo("Invitation: Weekly sync"));
            Assert.That(toCarol.TextBody, Does.Contain("Your passcode: " + carols.Passcode).And.Contain("Join online: " + carols.JoinUrl));
            Assert.That(toCarol.Event().Uid, Is.EqualTo($"{meeting.Id}-{carol.Id}@ivrgateway"));
            Assert.That(view.Invitations.Select(i => i.ContactId), Is.EquivalentTo(new[] { alice.Id, carol.Id }));
        });
    }

    [Test]
    public async Task The_portal_resends_one_invitation_or_all_of_them()
    {
        using var app = MailApps.Create(smtp);
        var organizer = await app.NewOrganizerAsync();
        var alice = await organizer.AddContactAsync("Alice Adams");
        var bob = await organizer.AddContactAsync("Bob Brown");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(3), security: new { passcodeMode = "unique" }, invitees: [alice.Id, bob.Id]);
        await app.SendUntilAsync(smtp, 3);
        using var portal = await PortalClient.SignInAsync(app, organizer);
        var self = "/portal/meetings/" + meeting.Id;

        using var one = await portal.PostFormAsync(self + "?handler=resend", new() { ["contactId"] = alice.Id }, self);
        var afterOne = await app.SendUntilAsync(smtp, 4);
        using var all = await portal.PostFormAsync(self + "?handler=resendAll", [], self);
        var afterAll = await app.SendUntilAsync(smtp, 6);

        Assert.Multiple(() =>
        {
            Assert.That(one.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(afterOne[3].To.Mailboxes.Single().Address, Is.EqualTo(alice.Email));
            Assert.That(afterOne[3].TextBody, Does.Contain("Your passcode: " + meeting.Invitations.Single(i => i.ContactId == alice.Id).Passcode));
            Assert.That(all.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(afterAll.Skip(4).Select(m => m.To.Mailboxes.Single().Address), Is.EquivalentTo(new[] { alice.Email, bob.Email }));
        });
    }
}
