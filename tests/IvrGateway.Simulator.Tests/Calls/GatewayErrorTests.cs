using System.Net;
using IvrGateway.Simulator.Calls;
using IvrGateway.Simulator.Tests.Support;

namespace IvrGateway.Simulator.Tests.Calls;

public sealed class GatewayErrorTests
{
    private SimulatorHarness harness = null!;

    [SetUp]
    public void SetUp() => harness = new SimulatorHarness();

    [TearDown]
    public void TearDown() => harness.Dispose();

    [TestCase("<Gather action=\"/a\"><Dial><Conference>room</Conference></Dial></Gather>", "<Dial> is not allowed inside <Gather>")]
    [TestCase("<Conference>room</Conference>", "<Conference> is only allowed inside <Dial>")]
    [TestCase("<Dial><Hangup/></Dial>", "<Hangup> is not allowed inside <Dial>")]
    public async Task Invalid_nesting_is_an_error_naming_the_problem(string verbs, string problem)
    {
        harness.Gateway.Twiml("/voice/incoming", TwimlText.Response(verbs));

        var result = await harness.DialAsync("1#");

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Error));
            Assert.That(result.Error!.Kind, Is.EqualTo(CallErrorKind.InvalidTwiml));
            Assert.That(result.ErrorMessage, Does.StartWith("The gateway's answer is not valid TwiML").And.Contain(problem));
            Assert.That(result.Error.Request, Is.EqualTo("POST /voice/incoming"));
            Assert.That(harness.Gateway.To("/voice/status").Single().Field("CallStatus"), Is.EqualTo("completed"), "Twilio still reports the call's end");
        });
    }

    [Test]
    public async Task A_body_that_is_not_xml_is_an_error_showing_the_body()
    {
        harness.Gateway.Twiml("/voice/incoming", "Redis is down");

        var result = await harness.DialAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.Error!.Kind, Is.EqualTo(CallErrorKind.InvalidTwiml));
            Assert.That(result.ErrorMessage, Does.Contain("not XML").And.Contain("HTTP 200").And.Contain("Redis is down"));
            Assert.That(result.Error.Body, Is.EqualTo("Redis is down"));
        });
    }

    [Test]
    public async Task An_answer_that_is_not_xml_by_content_type_is_an_error()
    {
        harness.Gateway.Answer("/voice/incoming", _ => StubGateway.Text(HttpStatusCode.OK, "{\"title\":\"oops\"}", "application/problem+json"));

        var result = await harness.DialAsync();

        Assert.That(result.ErrorMessage, Does.Contain("application/problem+json").And.Contain("{\"title\":\"oops\"}"));
    }

    [Test]
    public async Task A_root_other_than_Response_is_an_error()
    {
        harness.Gateway.Twiml("/voice/incoming", "<Reply><Say>Hi</Say></Reply>");

        var result = await harness.DialAsync();

        Assert.That(result.ErrorMessage, Does.Contain("<Reply>, not <Response>"));
    }

    [TestCase(HttpStatusCode.InternalServerError)]
    [TestCase(HttpStatusCode.Forbidden)]
    [TestCase(HttpStatusCode.Found)]
    public async Task An_answer_that_is_not_2xx_is_an_error_with_its_status_and_body(HttpStatusCode status)
    {
        harness.Gateway.Answer("/voice/incoming", _ => StubGateway.Text(status, "something broke", "text/plain"));

        var result = await harness.DialAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Error));
            Assert.That(result.Error!.Kind, Is.EqualTo(CallErrorKind.HttpStatus));
            Assert.That(result.Error.StatusCode, Is.EqualTo((int)status));
            Assert.That(result.ErrorMessage, Does.Contain($"HTTP {(int)status}").And.Contain("something broke"));
        });
    }

    [Test]
    public async Task A_long_body_is_truncated_in_the_error()
    {
        harness.Gateway.Answer("/voice/incoming", _ => StubGateway.Text(HttpStatusCode.BadGateway, new string('x', 5000), "text/html"));

        var result = await harness.DialAsync();

        Assert.That(result.Error!.Body, Has.Length.LessThan(400).And.EndsWith("…"));
    }

    [Test]
    public async Task An_unreachable_gateway_is_an_error_result_not_an_exception()
    {
        harness.Gateway.Refuse("/voice/incoming");

        var result = await harness.DialAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Error));
            Assert.That(result.Error!.Kind, Is.EqualTo(CallErrorKind.Unreachable));
            Assert.That(result.ErrorMessage, Does.StartWith("Cannot reach the gateway at http://gateway.test:5080: Connection refused"));
            Assert.That(harness.Gateway.Requests.Select(request => request.Path), Is.EqualTo(new[] { "/voice/incoming", "/voice/incoming" }), "one retry, no status callback");
        });
    }

    [Test]
    public async Task A_gateway_that_does_not_answer_in_time_is_a_timeout()
    {
        harness.Gateway.Hang("/voice/incoming");

        var call = harness.DialAsync();
        for (var second = 0; second < 60 && !call.IsCompleted; second++)
        {
            await Task.Delay(5);
            harness.Time.Advance(TimeSpan.FromSeconds(1));
        }
        var result = await call;

        Assert.Multiple(() =>
        {
            Assert.That(result.Error!.Kind, Is.EqualTo(CallErrorKind.Timeout));
            Assert.That(result.ErrorMessage, Does.Contain("within 15 s"));
            Assert.That(harness.Gateway.To("/voice/incoming").Count(), Is.EqualTo(1), "a timeout is not retried");
        });
    }

    [Test]
    public async Task Valid_TwiML_the_simulator_cannot_play_is_reported_as_unsupported()
    {
        harness.Gateway.Twiml("/voice/incoming", TwimlText.Response("<Record/>"));

        var result = await harness.DialAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.Error!.Kind, Is.EqualTo(CallErrorKind.Unsupported));
            Assert.That(result.ErrorMessage, Does.Contain("<Record>"));
        });
    }

    [Test]
    public void Options_with_a_gateway_that_is_not_http_are_refused_up_front() =>
        Assert.That(() => harness.Simulator.DialAsync(harness.Options with { Gateway = new Uri("ftp://gateway.test") }, new ScriptedKeypad()),
            Throws.ArgumentException.With.Message.Contains("http(s)"));
}
