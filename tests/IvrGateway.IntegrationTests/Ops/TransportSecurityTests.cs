using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace IvrGateway.IntegrationTests.Ops;

/// <summary>The ops cookie is Secure once the public URL is https (whatever a proxy makes the request look like); HSTS in Production.</summary>
public sealed partial class TransportSecurityTests
{
    private static async Task<string> SignInCookieAsync(IvrApplication app)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/ops/signin");
        var token = WebUtility.HtmlDecode(TokenPattern().Match(form).Groups[1].Value);
        using var response = await client.PostAsync("/ops/signin", new FormUrlEncodedContent(
            [new("key", IvrApplication.OpsKey), new("__RequestVerificationToken", token)]));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ivr-ops=", StringComparison.Ordinal));
    }

    [Test]
    public async Task With_an_https_public_base_url_the_ops_cookie_is_secure_even_over_a_plain_http_hop()
    {
        using var app = new IvrApplication(new() { ["Gateway:PublicBaseUrl"] = "https://meet.example.com" });

        var cookie = await SignInCookieAsync(app);

        Assert.That(cookie, Does.Contain("secure").IgnoreCase.And.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase);
    }

    [Test]
    public async Task With_a_plain_http_public_base_url_the_cookie_follows_the_request()
    {
        using var app = new IvrApplication(new() { ["Gateway:PublicBaseUrl"] = "http://127.0.0.1:5080" });

        var cookie = await SignInCookieAsync(app);

        Assert.That(cookie, Does.Not.Contain("secure").IgnoreCase);
    }

    [Test]
    public async Task Production_sends_hsts_on_https_and_never_redirects_a_webhook()
    {
        using var app = new IvrApplication { Environment = "Production" };
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://meet.example.com"), AllowAutoRedirect = false });
        using var plain = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://meet.example.com"), AllowAutoRedirect = false });

        using var health = await client.GetAsync("/health/live");
        var call = new VoiceCall(app);
        var fields = call.Fields("ringing");
        using var webhook = new HttpRequestMessage(HttpMethod.Post, "http://meet.example.com/voice/incoming") { Content = new FormUrlEncodedContent(fields) };
        webhook.Headers.Add("X-Twilio-Signature", IvrGateway.Simulator.Twilio.TwilioSignature.Sign(IvrApplication.AuthToken, "http://meet.example.com/voice/incoming", fields));
        using var webhookAnswer = await plain.SendAsync(webhook);

        Assert.Multiple(() =>
        {
            Assert.That(health.Headers.TryGetValues("Strict-Transport-Security", out var hsts), Is.True);
            Assert.That(hsts?.Single(), Does.StartWith("max-age="));
            Assert.That(webhookAnswer.StatusCode, Is.EqualTo(HttpStatusCode.OK), "no https redirection on /voice");
        });
    }

    [Test]
    public async Task Outside_production_there_is_no_hsts()
    {
        using var app = new IvrApplication();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://meet.example.com") });

        using var health = await client.GetAsync("/health/live");

        Assert.That(health.Headers.Contains("Strict-Transport-Security"), Is.False);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
