using Microsoft.Extensions.Options;

namespace IvrGateway.IntegrationTests.Join;

/// <summary>
/// <c>Twilio:VoiceSdkSimulatorUrl</c>: in Development the join pages load the simulated Voice SDK and allow the fake Twilio's
/// origin; anywhere else the gateway refuses to start with it, naming the key.
/// </summary>
public sealed class VoiceSdkSimulatorTests
{
    private const string FakeTwilio = "http://127.0.0.1:5090";

    private static string StartupFailure(IvrApplication app)
    {
        var error = Assert.Catch(() => app.CreateClient());
        var messages = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
            if (e is OptionsValidationException validation)
            {
                messages.AddRange(validation.Failures);
            }
        }
        return string.Join("\n", messages);
    }

    private static async Task<(string Html, string Policy)> JoinPageAsync(IvrApplication app)
    {
        var organizer = await app.NewOrganizerAsync();
        var alice = await organizer.AddContactAsync("Alice Archer");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { passcodeMode = "shared", sharedPasscode = "482913" },
            invitees: [alice.Id]);
        using var http = app.CreateClient();
        using var response = await http.GetAsync(new Uri(meeting.Invitations.Single().JoinUrl).AbsolutePath);
        Assert.That(response.IsSuccessStatusCode, Is.True);
        return (await response.Content.ReadAsStringAsync(), response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [TestCase("Testing")]
    [TestCase("Staging")]
    public void Outside_Development_the_simulator_URL_stops_the_start_naming_the_key(string environment)
    {
        using var app = new IvrApplication(BrowserAudio.Settings(new() { ["Twilio:VoiceSdkSimulatorUrl"] = FakeTwilio })) { Environment = environment };

        Assert.That(StartupFailure(app), Does.Contain("Twilio:VoiceSdkSimulatorUrl is for local use only (Development)"));
    }

    [Test]
    public void In_Development_the_simulator_URL_without_a_TwiML_App_stops_the_start_naming_the_key()
    {
        // appsettings.Development.json has the account and the API key, but no TwiML App.
        using var app = new IvrApplication(new() { ["Twilio:VoiceSdkSimulatorUrl"] = FakeTwilio }) { Environment = "Development" };

        Assert.That(StartupFailure(app), Does.Contain("Twilio:VoiceSdkSimulatorUrl needs").And.Contain("Twilio:TwimlAppSid"));
    }

    [TestCase("http://127.0.0.1:5090/2010-04-01")]
    [TestCase("ftp://127.0.0.1:5090")]
    [TestCase("not a url")]
    public void A_simulator_URL_that_is_not_a_base_URL_stops_the_start_naming_the_key(string url)
    {
        using var app = new IvrApplication(BrowserAudio.Settings(new() { ["Twilio:VoiceSdkSimulatorUrl"] = url })) { Environment = "Development" };

        Assert.That(StartupFailure(app), Does.Contain("Twilio:VoiceSdkSimulatorUrl must be the fake Twilio's base URL"));
    }

    [Test]
    public async Task In_Development_the_join_page_loads_the_simulated_SDK_says_so_and_allows_only_the_fake_Twilio_to_be_called()
    {
        using var app = new IvrApplication(BrowserAudio.Settings(new() { ["Twilio:VoiceSdkSimulatorUrl"] = FakeTwilio + "/" })) { Environment = "Development" };

        var (html, policy) = await JoinPageAsync(app);

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain($"<script src=\"/join/simulated-device.js\" data-fake-twilio=\"{FakeTwilio}\" defer>"));
            Assert.That(html, Does.Not.Contain("twilio.min.js"));
            Assert.That(html, Does.Contain("Audio is simulated"));
            Assert.That(policy, Does.Contain($"connect-src 'self' {FakeTwilio};"));
            Assert.That(policy, Does.Not.Contain("twilio.com"), "the page talks to no Twilio host in this mode");
        });
    }

    [Test]
    public async Task Without_the_setting_the_join_page_loads_Twilio_s_SDK_and_allows_no_local_origin()
    {
        using var app = new IvrApplication(BrowserAudio.Settings());

        var (html, policy) = await JoinPageAsync(app);

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<script src=\"/join/twilio.min.js\" defer>"));
            Assert.That(html, Does.Not.Contain("simulated"));
            Assert.That(policy, Does.Contain("connect-src 'self' wss://*.twilio.com https://*.twilio.com;"));
            Assert.That(policy, Does.Not.Contain("127.0.0.1"));
        });
    }
}
