using System.Net;

namespace IvrGateway.IntegrationTests.Scheduling;

public sealed class JoinLinkTests : ApplicationFixture<IvrApplication>
{
    [Test]
    public async Task An_invitees_join_link_shows_their_own_code_passcode_and_one_tap_dialing()
    {
        var organizer = await app.NewOrganizerAsync();
        var alice = await organizer.AddContactAsync("Alice Archer");
        var bob = await organizer.AddContactAsync("Bob Baker");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(1), security: new { passcodeMode = "unique" }, invitees: [alice.Id, bob.Id]);
        var invitation = meeting.Invitations.Single(i => i.Name == "Alice Archer");

        // Entities decoded, as a browser reads attribute values.
        var page = WebUtility.HtmlDecode(await app.Client().GetStringAsync(new Uri(invitation.JoinUrl).PathAndQuery));

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("Alice Archer"));
            Assert.That(page, Does.Contain(meeting.AccessCode));
            Assert.That(page, Does.Contain(invitation.Passcode));
            Assert.That(page, Does.Not.Contain(meeting.Invitations.Single(i => i.Name == "Bob Baker").Passcode), "another invitee's passcode never shows");
            Assert.That(page, Does.Contain($"tel:+15557650000,,{meeting.AccessCode}%23,,{invitation.Passcode}%23"));
        });
    }

    [Test]
    public async Task The_calendar_entry_carries_the_time_and_dial_in_details()
    {
        var organizer = await app.NewOrganizerAsync();
        var alice = await organizer.AddContactAsync("Alice Archer");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(1), security: new { passcodeMode = "unique" }, invitees: [alice.Id]);
        var invitation = meeting.Invitations.Single();

        var response = await app.Client().GetAsync(new Uri(invitation.CalendarUrl).PathAndQuery);
        var ics = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/calendar"));
            Assert.That(ics, Does.Contain("BEGIN:VEVENT"));
            Assert.That(ics, Does.Contain("SUMMARY:Weekly sync"));
            Assert.That(ics, Does.Contain("DTSTART:" + meeting.Start.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(ics.Replace("\r\n ", "", StringComparison.Ordinal), Does.Contain(invitation.Passcode));
        });
    }

    [Test]
    public async Task A_made_up_link_is_404()
    {
        var response = await app.Client().GetAsync("/join/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
