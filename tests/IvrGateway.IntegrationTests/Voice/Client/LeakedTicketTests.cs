using System.Net.Http.Json;
using IvrGateway.CallLog;
using IvrGateway.IntegrationTests.Join;
using IvrGateway.Voice;

namespace IvrGateway.IntegrationTests.Voice.Client;

/// <summary>
/// A join ticket that leaked (copied from a browser's page, a log, a proxy) and is presented by another browser: Twilio signs that
/// browser's leg with its own <c>client:&lt;identity&gt;</c>, so the gateway refuses it, and the ticket is still there for the
/// browser it was issued to.
/// </summary>
public sealed class LeakedTicketTests : ApplicationFixture<IvrApplication>
{
    private const string OtherBrowser = "web999999999999999999999999";

    protected override IvrApplication CreateApplication() => new(overrides: BrowserAudio.Settings());

    [Test]
    public async Task A_ticket_presented_by_another_browser_is_refused_and_recorded_and_the_rightful_browser_is_then_bridged_with_it()
    {
        var (alice, session) = await SessionAsync();

        var (stolen, stolenSid) = await BrowserLeg.ConnectAsync(app, OtherBrowser, session.Ticket!);
        var refused = (await app.Ops().GetFromJsonAsync<CallRecord>("/api/v1/calls/" + stolenSid, IvrApplication.Json))!;
        var (rightful, rightfulSid) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);
        var bridged = (await app.Ops().GetFromJsonAsync<CallRecord>("/api/v1/calls/" + rightfulSid, IvrApplication.Json))!;

        Assert.Multiple(() =>
        {
            Assert.That(stolen.Conference, Is.Null, "another browser is not bridged");
            Assert.That(stolen.HangsUp, Is.True);
            Assert.That(stolen.AllSaid, Does.StartWith("We're sorry"), "a goodbye, and nothing about why");
            Assert.That(refused.Outcome, Is.EqualTo(Outcomes.TicketOtherBrowser));
            Assert.That(refused.From, Is.EqualTo("client:" + OtherBrowser));
            Assert.That(refused.Channel, Is.EqualTo(CallRecord.WebChannel));
            Assert.That(refused.EndedAt, Is.Not.Null, "closed at once");
            Assert.That(refused.MeetingId, Is.Null);
            Assert.That(rightful.Label, Is.EqualTo(alice.Name), "the leaked ticket was not spent by the other browser");
            Assert.That(bridged.Outcome, Is.EqualTo(Outcomes.Bridged));
            Assert.That(app.Logs.All, Does.Not.Contain(session.Ticket!), "the ticket is a secret");
        });
    }

    [Test]
    public async Task Twilios_retry_of_the_other_browsers_leg_is_refused_the_same_and_still_leaves_the_ticket_to_its_browser()
    {
        var (alice, session) = await SessionAsync();
        var otherSid = "CA" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var fields = BrowserLeg.Fields(otherSid, OtherBrowser, session.Ticket!);

        var first = await new VoiceCall(app).SendAsync("http://localhost/voice/client", fields, token: null);
        var retry = await new VoiceCall(app).SendAsync("http://localhost/voice/client", fields, token: null);
        var (rightful, _) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);
        var (again, _) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);

        Assert.Multiple(() =>
        {
            Assert.That(first.Conference, Is.Null);
            Assert.That(retry.Body, Is.EqualTo(first.Body), "the same request answered the same");
            Assert.That(rightful.Label, Is.EqualTo(alice.Name));
            Assert.That(again.Conference, Is.Null, "still one use per ticket: a second call of the right browser is refused");
        });
    }

    private async Task<(InvitationDto Alice, SessionAnswer Session)> SessionAsync()
    {
        var organizer = await app.NewOrganizerAsync();
        var contact = await organizer.AddContactAsync("Alice Archer");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { passcodeMode = "unique" }, invitees: [contact.Id]);
        var alice = meeting.Invitations.Single();
        using var browser = new JoinPageClient(app, alice.JoinUrl);
        var session = await browser.JoinAsync();
        Assume.That(session.Ticket, Is.Not.Null, session.Message);
        return (alice, session);
    }
}
