using System.Net;

namespace IvrGateway.IntegrationTests.Join;

public sealed class HostBrowserTests : ApplicationFixture<IvrApplication>
{
    protected override IvrApplication CreateApplication() => new(overrides: BrowserAudio.Settings());

    [Test]
    public async Task The_organizer_joins_their_own_meeting_from_the_browser_as_host_and_starts_it()
    {
        var organizer = await app.NewOrganizerAsync("Olivia Organizer");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { passcodeMode = "shared", sharedPasscode = "482913" });
        using var portal = await PortalClient.SignInAsync(app, organizer);
        var path = $"/portal/meetings/{meeting.Id}/browser";

        using var page = await portal.GetAsync(path);
        using var response = await portal.PostFormAsync(path + "?handler=Session", [], formPage: path);
        var session = await JoinPageClient.ReadAsync(response);
        var (twiml, _) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);

        Assert.Multiple(() =>
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("wss://*.twilio.com"),
                "the SDK may reach Twilio from the portal's page too");
            Assert.That(session.Status, Is.EqualTo(HttpStatusCode.OK), session.Message);
            Assert.That(twiml.Label, Is.EqualTo("Olivia Organizer"));
            Assert.That(twiml.StartsConference, Is.True);
        });
    }

    [Test]
    public async Task Another_organizers_meeting_is_404_for_the_page_and_its_token()
    {
        var owner = await app.NewOrganizerAsync("Olivia Organizer");
        var meeting = await owner.ScheduleInAsync(TimeSpan.FromMinutes(5));
        var other = await app.NewOrganizerAsync("Mallory Other");
        using var portal = await PortalClient.SignInAsync(app, other);
        var path = $"/portal/meetings/{meeting.Id}/browser";

        using var page = await portal.GetAsync(path);
        using var own = await portal.GetAsync("/portal");
        var html = await own.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var post = await portal.Http.PostAsync(path + "?handler=Session",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) }));
        using var unknown = await portal.GetAsync("/portal/meetings/nope/browser");
        using var overLong = await portal.GetAsync("/portal/meetings/" + new string('m', 3000) + "/browser");

        Assert.Multiple(() =>
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(overLong.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task The_hosts_token_request_without_an_antiforgery_token_is_refused()
    {
        var organizer = await app.NewOrganizerAsync();
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5));
        using var portal = await PortalClient.SignInAsync(app, organizer);

        using var response = await portal.PostFormWithoutTokenAsync($"/portal/meetings/{meeting.Id}/browser?handler=Session", []);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Signed_out_the_hosts_page_sends_to_sign_in()
    {
        var organizer = await app.NewOrganizerAsync();
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5));
        using var anonymous = PortalClient.Anonymous(app);

        using var response = await anonymous.GetAsync($"/portal/meetings/{meeting.Id}/browser");

        Assert.That(response.Headers.Location?.OriginalString, Does.Contain("/portal/signin"));
    }
}
