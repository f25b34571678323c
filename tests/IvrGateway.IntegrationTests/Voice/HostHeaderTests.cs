using System.Net;
using IvrGateway.Simulator.Twilio;

namespace IvrGateway.IntegrationTests.Voice;

/// <summary>No Host header and no URL makes a webhook answer 5xx: what cannot be a URL Twilio signed is a 403.</summary>
public sealed class HostHeaderTests : ApplicationFixture<IvrApplication>
{
    private static readonly string[] OddHosts = ["gw:99999", "gw:-1", "gw:abc", "[::1", "[::1]:99999", "a b", "%%%", "gw:65536", ".."];

    private static async Task<HttpStatusCode> PostAsync(IvrApplication target, string path, string host, bool signedForThatHost)
    {
        var fields = new VoiceCall(target).Fields("ringing");
        fields["Digits"] = "1234567890";
        var request = new HttpRequestMessage(HttpMethod.Post, "http://localhost" + path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.TryAddWithoutValidation("Host", host);
        var signedUrl = signedForThatHost ? $"http://{host}{path}" : "https://ivr.example.com" + path;
        request.Headers.Add("X-Twilio-Signature", TwilioSignature.Sign(IvrApplication.AuthToken, signedUrl, fields));
        using var client = target.Client();
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Test]
    public async Task An_odd_host_header_is_answered_403_never_5xx([Values("/voice/incoming", "/voice/step/accessCode", "/voice/status")] string path)
    {
        foreach (var host in OddHosts)
        {
            foreach (var signedForThatHost in new[] { true, false })
            {
                var status = await PostAsync(app, path, host, signedForThatHost);

                Assert.That((int)status, Is.EqualTo(403).Or.EqualTo(400), $"Host: {host} on {path}");
            }
        }
    }

    [TestCase("[::1]:8080")]
    [TestCase("[fe80::1%25eth0]")]
    public async Task An_ipv6_host_is_a_host_like_any_other(string host)
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await PostAsync(app, "/voice/incoming", host, signedForThatHost: true), Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await PostAsync(app, "/voice/incoming", host, signedForThatHost: false), Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task An_empty_host_header_is_answered_403_or_400_never_5xx()
    {
        var status = await PostAsync(app, "/voice/incoming", "", signedForThatHost: false);

        Assert.That((int)status, Is.EqualTo(403).Or.EqualTo(400));
    }

    [Test]
    public async Task With_a_configured_public_base_url_the_host_header_plays_no_part()
    {
        using var behindProxy = new IvrApplication(new() { ["Twilio:PublicBaseUrl"] = "https://ivr.example.com" });

        foreach (var host in OddHosts)
        {
            var status = await PostAsync(behindProxy, "/voice/incoming", host, signedForThatHost: false);

            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), $"Host: {host}");
        }
    }

    [TestCase("/voice/incoming?%zz=%")]
    [TestCase("/voice/incoming?a=%FF%FE")]
    [TestCase("/voice/step/accessCode?n=99999999999999999999&s=-1")]
    [TestCase("/voice/step/%2e%2e/incoming")]
    [TestCase("/voice/status?x=<script>")]
    [TestCase("/voice/wait?l=xx-XX&w=2")]
    public async Task An_odd_url_is_never_answered_5xx(string target)
    {
        var fields = new VoiceCall(app).Fields("in-progress");
        foreach (var signedUrl in new[] { "http://localhost" + target, "https://elsewhere.example.com/" })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "http://localhost" + target) { Content = new FormUrlEncodedContent(fields) };
            request.Headers.Add("X-Twilio-Signature", TwilioSignature.Sign(IvrApplication.AuthToken, signedUrl, fields));
            using var client = app.Client();
            using var response = await client.SendAsync(request);

            Assert.That((int)response.StatusCode, Is.LessThan(500), $"{target} signed for {signedUrl}");
        }
    }
}
