using System.Net;
using IvrGateway.Simulator.Calls;
using IvrGateway.Simulator.Tests.Support;

namespace IvrGateway.Simulator.Tests.Calls;

public sealed class RequestTests
{
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private SimulatorHarness harness = null!;

    [SetUp]
    public void SetUp()
    {
        harness = new SimulatorHarness();
        harness.Options = harness.Options with { CallSid = CallSid };
        harness.Gateway
            .Twiml("/voice/incoming", TwimlText.Response("<Gather action=\"/voice/access-code\"><Say>Code?</Say></Gather>"))
            .Twiml("/voice/access-code", TwimlText.Response("<Hangup/>"));
    }

    [TearDown]
    public void TearDown() => harness.Dispose();

    [Test]
    public async Task The_first_request_says_ringing_and_carries_the_standard_fields()
    {
        await harness.DialAsync("1234567890#");

        var first = harness.Gateway.Requests[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(first.Url, Is.EqualTo(new Uri("http://gateway.test:5080/voice/incoming")));
            Assert.That(first.Headers["Content-Type"], Does.StartWith("application/x-www-form-urlencoded"));
            Assert.That(first.Headers["User-Agent"], Is.EqualTo("TwilioProxy/1.1"));
            Assert.That(first.Field("AccountSid"), Does.Match("^AC[0-9a-f]{32}$"));
            Assert.That(first.Field("ApiVersion"), Is.EqualTo("2010-04-01"));
            Assert.That(first.Field("CallSid"), Is.EqualTo(CallSid));
            Assert.That(first.Field("CallStatus"), Is.EqualTo("ringing"));
            Assert.That(first.Field("Direction"), Is.EqualTo("inbound"));
            Assert.That(first.Field("From"), Is.EqualTo("+12025550101"));
            Assert.That(first.Field("To"), Is.EqualTo("+15557650000"));
            Assert.That(first.Field("Caller"), Is.EqualTo("+12025550101"));
            Assert.That(first.Field("Called"), Is.EqualTo("+15557650000"));
            Assert.That(first.Field("FromCountry"), Is.EqualTo("US"));
            Assert.That(first.Field("FromState"), Is.EqualTo("DC"));
            Assert.That(first.Field("ToCountry"), Is.EqualTo("US"));
            Assert.That(first.Fields.Keys, Is.SupersetOf(new[] { "ToState", "FromCity", "FromZip", "CallerCountry", "CalledCountry" }));
        });
    }

    [Test]
    public async Task Later_requests_say_in_progress_for_the_same_call()
    {
        await harness.DialAsync("1234567890#");

        var first = harness.Gateway.Requests[0];
        var second = harness.Gateway.To("/voice/access-code").Single();
        Assert.Multiple(() =>
        {
            Assert.That(second.Field("CallStatus"), Is.EqualTo("in-progress"));
            Assert.That(second.Field("CallSid"), Is.EqualTo(CallSid));
            Assert.That(second.Field("AccountSid"), Is.EqualTo(first.Field("AccountSid")));
            Assert.That(second.Field("From"), Is.EqualTo(first.Field("From")));
        });
    }

    [Test]
    public async Task Every_request_is_signed_for_its_own_url()
    {
        await harness.DialAsync("1234567890#");

        var requests = harness.Gateway.Requests;
        Assert.Multiple(() =>
        {
            Assert.That(requests.Select(request => request.Path), Is.EqualTo(new[] { "/voice/incoming", "/voice/access-code", "/voice/status" }));
            Assert.That(requests.All(request => request.IsSignedBy(SimulatorHarness.AuthToken)), Is.True);
            Assert.That(requests.Any(request => request.IsSignedBy("another-token")), Is.False);
            Assert.That(requests.Select(request => request.Signature), Is.Unique);
        });
    }

    [Test]
    public async Task Every_new_request_gets_a_new_idempotency_token()
    {
        await harness.DialAsync("1234567890#");

        Assert.That(harness.Gateway.Requests.Select(request => request.IdempotencyToken), Is.Unique.And.All.Not.Empty);
    }

    [Test]
    public async Task A_retry_sends_the_same_request_with_the_same_idempotency_token()
    {
        harness.Gateway.Refuse("/voice/access-code", times: 1);

        var result = await harness.DialAsync("1234567890#");

        var attempts = harness.Gateway.To("/voice/access-code").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Refused), "the retry got the Hangup");
            Assert.That(attempts, Has.Count.EqualTo(2));
            Assert.That(attempts[1].IdempotencyToken, Is.EqualTo(attempts[0].IdempotencyToken));
            Assert.That(attempts[1].Signature, Is.EqualTo(attempts[0].Signature));
            Assert.That(attempts[1].Form, Is.EqualTo(attempts[0].Form));
            Assert.That(harness.Gateway.Requests[0].IdempotencyToken, Is.Not.EqualTo(attempts[0].IdempotencyToken));
            Assert.That(result.Webhooks.Single(webhook => webhook.Path == "/voice/access-code").Attempts, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Each_round_trip_is_timed_and_reported_with_its_status()
    {
        harness.Options = harness.Options with { VoicePath = "/voice/slow" };
        harness.Gateway.Answer("/voice/slow", _ =>
        {
            harness.Time.Advance(TimeSpan.FromMilliseconds(12));
            return StubGateway.Text(HttpStatusCode.OK, TwimlText.Response("<Hangup/>"), "text/xml");
        });

        var result = await harness.DialAsync();

        Assert.That(result.Webhooks.Select(webhook => (webhook.Kind, webhook.Method, webhook.Path, webhook.StatusCode, webhook.Elapsed)), Is.EqualTo(new[]
        {
            (WebhookKind.Twiml, "POST", "/voice/slow", (int?)200, TimeSpan.FromMilliseconds(12)),
            (WebhookKind.CallStatus, "POST", "/voice/status", 204, TimeSpan.Zero),
        }));
    }

    [Test]
    public async Task A_gateway_under_a_path_prefix_keeps_its_prefix()
    {
        harness.Options = harness.Options with { Gateway = new Uri("http://gateway.test:5080/ivr/") };
        harness.Gateway.Twiml("/ivr/voice/incoming", TwimlText.Response("<Hangup/>"));

        await harness.DialAsync();

        Assert.That(harness.Gateway.Requests.Select(request => request.Path), Is.EqualTo(new[] { "/ivr/voice/incoming", "/ivr/voice/status" }));
    }
}
