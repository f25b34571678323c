using System.Net;
using IvrGateway.Simulator.Twilio;
using Microsoft.AspNetCore.Http;

namespace IvrGateway.IntegrationTests.Voice;

/// <summary>Only Twilio, signing with our auth token, gets TwiML.</summary>
public sealed class SignatureTests : ApplicationFixture<IvrApplication>
{
    private static async Task<HttpStatusCode> PostAsync(IvrApplication target, string url, Dictionary<string, string> fields, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        if (signature is not null)
        {
            request.Headers.Add("X-Twilio-Signature", signature);
        }
        using var client = target.Client();
        return (await client.SendAsync(request)).StatusCode;
    }

    [Test]
    public async Task A_missing_signature_is_403()
    {
        var fields = new VoiceCall(app).Fields("ringing");

        Assert.That(await PostAsync(app, "http://localhost/voice/incoming", fields, signature: null), Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_signature_made_with_another_token_is_403()
    {
        var fields = new VoiceCall(app).Fields("ringing");
        var forged = TwilioSignature.Sign("not-our-token", "http://localhost/voice/incoming", fields);

        Assert.That(await PostAsync(app, "http://localhost/voice/incoming", fields, forged), Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_field_changed_after_signing_is_403()
    {
        var fields = new VoiceCall(app).Fields("in-progress");
        fields["Digits"] = "1234567890";
        var signature = TwilioSignature.Sign(IvrApplication.AuthToken, "http://localhost/voice/step/accessCode", fields);
        fields["Digits"] = "0987654321";

        Assert.That(await PostAsync(app, "http://localhost/voice/step/accessCode", fields, signature), Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_query_changed_after_signing_is_403()
    {
        var fields = new VoiceCall(app).Fields("in-progress");
        var signed = "http://localhost/voice/step/passcode?a=00000000000000000000000000000001&o=org_aaaaaaaaaaaaaaaa";
        var signature = TwilioSignature.Sign(IvrApplication.AuthToken, signed, fields);

        var status = await PostAsync(app, signed.Replace("0001", "0002", StringComparison.Ordinal), fields, signature);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Every_webhook_checks_the_signature()
    {
        var fields = new VoiceCall(app).Fields("in-progress");
        foreach (var path in new[] { "/voice/incoming", "/voice/step/accessCode", "/voice/status", "/voice/conference?a=x", "/voice/wait?l=en-US", "/voice/fallback" })
        {
            Assert.That(await PostAsync(app, "http://localhost" + path, fields, "bm90IGEgc2lnbmF0dXJl"), Is.EqualTo(HttpStatusCode.Forbidden), path);
        }
    }

    [Test]
    public async Task Behind_a_proxy_the_signature_covers_the_public_url_and_callbacks_point_there()
    {
        using var proxied = new IvrApplication(new() { ["Twilio:PublicBaseUrl"] = "https://ivr.example.com" });
        var call = new VoiceCall(proxied);
        var fields = call.Fields("ringing");

        var signedForPublicUrl = TwilioSignature.Sign(IvrApplication.AuthToken, "https://ivr.example.com/voice/incoming", fields);
        var signedForLocalUrl = TwilioSignature.Sign(IvrApplication.AuthToken, "http://localhost/voice/incoming", fields);

        Assert.That(await PostAsync(proxied, "http://localhost/voice/incoming", fields, signedForLocalUrl), Is.EqualTo(HttpStatusCode.Forbidden));
        var answer = await call.SendAsync("http://localhost/voice/incoming", fields, token: null, signature: signedForPublicUrl);
        Assert.That(answer.GatherAction, Does.StartWith("https://ivr.example.com/voice/step/accessCode?s="));
    }

    [Test]
    public async Task Forwarded_headers_are_believed_from_a_trusted_proxy_only()
    {
        var fields = new VoiceCall(app).Fields("ringing");
        var signature = TwilioSignature.Sign(IvrApplication.AuthToken, "https://public.example.com/voice/incoming", fields);

        async Task<int> From(string remoteAddress)
        {
            var context = await app.Server.SendAsync(c =>
            {
                c.Connection.RemoteIpAddress = IPAddress.Parse(remoteAddress);
                c.Request.Method = "POST";
                c.Request.Path = "/voice/incoming";
                c.Request.Host = new HostString("localhost");
                c.Request.Headers["X-Forwarded-Proto"] = "https";
                c.Request.Headers["X-Forwarded-Host"] = "public.example.com";
                c.Request.Headers["X-Forwarded-For"] = "54.172.60.1";
                c.Request.Headers["X-Twilio-Signature"] = signature;
                c.Request.ContentType = "application/x-www-form-urlencoded";
                c.Request.Body = new FormUrlEncodedContent(fields).ReadAsStream();
            });
            return context.Response.StatusCode;
        }

        Assert.That(await From("127.0.0.1"), Is.EqualTo(200), "loopback is a trusted proxy by default");
        Assert.That(await From("203.0.113.7"), Is.EqualTo(403), "anyone else's forwarded headers are ignored");
    }

    [Test]
    public void The_validator_matches_twilios_published_test_vector()
    {
        var validator = new Twilio.Security.RequestValidator("12345");
        var fields = new Dictionary<string, string>
        {
            ["CallSid"] = "CA1234567890ABCDE",
            ["Caller"] = "+14158675310",
            ["Digits"] = "1234",
            ["From"] = "+14158675310",
            ["To"] = "+18005551212",
        };

        Assert.That(validator.Validate("https://example.com/myapp.php?foo=1&bar=2", fields, "L/OH5YylLD5NRKLltdqwSvS0BnU="), Is.True);
        Assert.That(TwilioSignature.Sign("12345", "https://example.com/myapp.php?foo=1&bar=2", fields), Is.EqualTo("L/OH5YylLD5NRKLltdqwSvS0BnU="));
    }
}
