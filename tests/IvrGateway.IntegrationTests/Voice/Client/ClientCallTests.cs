using System.Net;
using IvrGateway.IntegrationTests.Join;
using IvrGateway.Simulator.Twilio;

namespace IvrGateway.IntegrationTests.Voice.Client;

public sealed class ClientCallTests : ApplicationFixture<IvrApplication>
{
    protected override IvrApplication CreateApplication() => new(overrides: BrowserAudio.Settings());

    [Test]
    public async Task An_unsigned_browser_leg_is_refused_with_403_and_its_ticket_stays_usable()
    {
        var (alice, session) = await SessionAsync();
        var fields = BrowserLeg.Fields("CA" + new string('a', 32), session.Identity!, session.Ticket!);
        using var client = app.Client();

        using var unsigned = await client.PostAsync("/voice/client", new FormUrlEncodedContent(fields));
        var forged = new HttpRequestMessage(HttpMethod.Post, "http://localhost/voice/client") { Content = new FormUrlEncodedContent(fields) };
        forged.Headers.Add("X-Twilio-Signature", TwilioSignature.Sign("not-the-auth-token", "http://localhost/voice/client", fields));
        using var wrong = await client.SendAsync(forged);
        var (signed, _) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);

        Assert.Multiple(() =>
        {
            Assert.That(unsigned.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(signed.Label, Is.EqualTo(alice.Name), "a refused forgery does not use up the ticket");
        });
    }

    [Test]
    public async Task A_signed_browser_leg_bridges_into_the_meetings_conference_with_the_invitees_label_and_conference_callbacks()
    {
        var (alice, session) = await SessionAsync();

        var (twiml, _) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);

        Assert.Multiple(() =>
        {
            Assert.That(twiml.Label, Is.EqualTo(alice.Name));
            Assert.That(twiml.Conference!.Value, Does.StartWith("meeting-"));
            Assert.That(twiml.Conference!.Attribute("statusCallback")!.Value, Does.Contain("/voice/conference?a="));
            Assert.That(twiml.StartsConference, Is.False, "an invitee of a wait-for-host meeting waits for the host");
        });
    }

    [Test]
    public async Task A_browser_leg_whose_from_is_not_a_client_is_refused_even_with_a_good_ticket()
    {
        var (_, session) = await SessionAsync();
        var fields = BrowserLeg.Fields("CA" + new string('b', 32), session.Identity!, session.Ticket!);
        fields["From"] = "+12025550123";

        var twiml = await new VoiceCall(app).SendAsync("http://localhost/voice/client", fields, token: null);

        Assert.That(twiml.Conference, Is.Null);
    }

    [Test]
    public async Task Twilios_retry_of_the_same_browser_leg_is_bridged_again_under_the_same_label_and_another_call_cannot_use_the_ticket()
    {
        var (alice, session) = await SessionAsync();
        var fields = BrowserLeg.Fields("CA" + new string('c', 32), session.Identity!, session.Ticket!);

        var first = await new VoiceCall(app).SendAsync("http://localhost/voice/client", fields, token: null);
        var retry = await new VoiceCall(app).SendAsync("http://localhost/voice/client", fields, token: null);
        var other = await new VoiceCall(app).SendAsync("http://localhost/voice/client",
            BrowserLeg.Fields("CA" + new string('d', 32), session.Identity!, session.Ticket!), token: null);

        Assert.Multiple(() =>
        {
            Assert.That(first.Label, Is.EqualTo(alice.Name));
            Assert.That(retry.Label, Is.EqualTo(alice.Name), "the same request answered the same, not Name (2) and not an apology");
            Assert.That(retry.Conference?.Value, Is.EqualTo(first.Conference?.Value));
            Assert.That(other.Conference, Is.Null, "a second call with a used ticket is refused");
        });
    }

    [Test]
    public async Task A_ticket_works_only_for_the_browser_identity_it_was_issued_with()
    {
        var (_, session) = await SessionAsync();

        var (stolen, _) = await BrowserLeg.ConnectAsync(app, "web111111111111111111111111", session.Ticket!);

        Assert.That(stolen.Conference, Is.Null);
    }

    private async Task<(InvitationDto Alice, SessionAnswer Session)> SessionAsync()
    {
        var organizer = await app.NewOrganizerAsync();
        var contact = await organizer.AddContactAsync("Alice Archer");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { passcodeMode = "unique" }, invitees: [contact.Id]);
        var alice = meeting.Invitations.Single();
        using var browser = new JoinPageClient(app, alice.JoinUrl);
        return (alice, await browser.JoinAsync());
    }
}
