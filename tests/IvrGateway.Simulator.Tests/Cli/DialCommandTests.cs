using System.CommandLine;
using IvrGateway.Simulator.Calls;
using IvrGateway.Simulator.Cli;
using IvrGateway.Simulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IvrGateway.Simulator.Tests.Cli;

public sealed class DialCommandTests
{
    private const string Gateway = "http://gateway.test:5080";
    private StubGateway gateway = null!;
    private StringWriter output = null!;
    private Dictionary<string, string> environment = null!;
    private string typed = "";

    [SetUp]
    public void SetUp()
    {
        gateway = new StubGateway();
        output = new StringWriter();
        environment = [];
        typed = "";
    }

    [TearDown]
    public void TearDown()
    {
        gateway.Dispose();
        output.Dispose();
    }

    private Task<int> RunAsync(params string[] args)
    {
        var context = new CommandContext(
            Terminal.Create(output, redirected: true),
            () => gateway,
            new FakeTimeProvider(),
            () => new ConsoleKeypad(new StringReader(typed), output, echo: true),
            name => environment.GetValueOrDefault(name));
        return SimulatorCommandLine.Create(context).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
    }

    private void ServeMeeting()
    {
        gateway
            .Twiml("/voice/incoming", TwimlText.Response(
                "<Gather action=\"/voice/access-code\"><Say>Welcome to the conference line.</Say><Say>Please enter your access code, followed by the pound key.</Say></Gather>"))
            .Twiml("/voice/access-code", TwimlText.Response(
                "<Dial><Conference participantLabel=\"Alice Archer\" startConferenceOnEnter=\"false\" waitUrl=\"/voice/wait\" " +
                "statusCallback=\"/voice/conference-status\" statusCallbackEvent=\"join leave end\">meeting-mtg_abc</Conference></Dial>"))
            .Twiml("/voice/wait", TwimlText.Response(
                "<Say>Please wait. The meeting will start when the organizer joins.</Say><Play loop=\"0\">http://cdn.test/music.mp3</Play>"));
    }

    [Test]
    public async Task A_bridged_call_is_printed_step_by_step_and_exits_0()
    {
        ServeMeeting();

        var exitCode = await RunAsync("dial", "--digits", "1234567890#", "--gateway", Gateway, "--fast");

        var text = output.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(0));
            Assert.That(text, Does.Contain("Calling +15557650000 from +12025550101 via http://gateway.test:5080  (CallSid CA"));
            Assert.That(text, Does.Match(@"→ POST /voice/incoming +200 +0 ms"));
            Assert.That(text, Does.Contain("🔊 Welcome to the conference line."));
            Assert.That(text, Does.Contain("⌨  1234567890#"));
            Assert.That(text, Does.Contain("☎  Bridged into conference meeting-mtg_abc as \"Alice Archer\" (starts conference: no"));
            Assert.That(text, Does.Contain("🔊 (waiting) Please wait. The meeting will start when the organizer joins."));
            Assert.That(text, Does.Contain("♫  (waiting) http://cdn.test/music.mp3  (repeating)"));
            Assert.That(text, Does.Contain("✆  Hung up after 1 s in the conference (call 1 s): participant-leave, conference-end, completed sent"));
            Assert.That(text, Does.EndWith("Result: bridged (exit code 0)" + Environment.NewLine));
            Assert.That(text.Contains('\u001b', StringComparison.Ordinal), Is.False, "no colour codes when the output is redirected");
        });
    }

    [Test]
    public async Task A_call_the_gateway_hangs_up_exits_10()
    {
        gateway.Twiml("/voice/incoming", TwimlText.Response("<Say>Sorry.</Say><Hangup/>"));

        Assert.That(await RunAsync("dial", "--digits", "1#", "--gateway", Gateway), Is.EqualTo(ExitCodes.Refused));
    }

    [Test]
    public async Task Without_digits_the_keys_are_typed_and_the_end_of_input_hangs_up_with_exit_11()
    {
        gateway
            .Twiml("/voice/incoming", TwimlText.Response("<Gather action=\"/voice/access-code\"/>"))
            .Twiml("/voice/access-code", TwimlText.Response("<Gather action=\"/voice/passcode\"/>"));
        typed = "1234567890#\n";

        var exitCode = await RunAsync("dial", "--gateway", Gateway);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.CallerHungUp));
            Assert.That(gateway.To("/voice/access-code").Single().Field("Digits"), Is.EqualTo("1234567890"));
            Assert.That(output.ToString(), Does.Contain("Result: caller hung up (exit code 11)"));
        });
    }

    [Test]
    public async Task Invalid_TwiML_exits_1_naming_the_problem()
    {
        gateway.Twiml("/voice/incoming", TwimlText.Response("<Gather><Dial>+15551234567</Dial></Gather>"));

        var exitCode = await RunAsync("dial", "--digits", "1#", "--gateway", Gateway);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Error));
            Assert.That(output.ToString(), Does.Contain("The gateway's answer is not valid TwiML: <Dial> is not allowed inside <Gather>"));
        });
    }

    [Test]
    public async Task An_unreachable_gateway_exits_2_and_says_how_to_start_it()
    {
        gateway.Refuse("/voice/incoming");

        var exitCode = await RunAsync("dial", "--digits", "1#", "--gateway", Gateway);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Unreachable));
            Assert.That(output.ToString(), Does.Contain(
                "Cannot reach the gateway at http://gateway.test:5080: Connection refused (gateway.test:5080). Is it running? (scripts/run.sh)"));
        });
    }

    [TestCase("ftp://gateway.test")]
    [TestCase("gateway.test:5080")]
    public async Task A_gateway_url_that_is_not_http_exits_2_without_calling(string url)
    {
        var exitCode = await RunAsync("dial", "--gateway", url);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Unreachable));
            Assert.That(output.ToString(), Does.Contain("is not an http(s) URL"));
            Assert.That(gateway.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task The_auth_token_comes_from_the_environment_unless_given()
    {
        gateway.Twiml("/voice/incoming", TwimlText.Response("<Hangup/>"));
        environment["Twilio__AuthToken"] = "from-environment";

        await RunAsync("dial", "--digits", "1#", "--gateway", Gateway);
        await RunAsync("dial", "--digits", "1#", "--gateway", Gateway, "--auth-token", "from-flag");
        environment.Clear();
        await RunAsync("dial", "--digits", "1#", "--gateway", Gateway);

        var calls = gateway.To("/voice/incoming").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(calls[0].IsSignedBy("from-environment"), Is.True);
            Assert.That(calls[1].IsSignedBy("from-flag"), Is.True);
            Assert.That(calls[2].IsSignedBy("dev-auth-token-not-a-secret"), Is.True);
        });
    }

    [Test]
    public async Task The_options_reach_the_call()
    {
        gateway.Twiml("/voice/in", TwimlText.Response("<Hangup/>"));
        const string callSid = "CA0123456789abcdef0123456789abcdef";

        await RunAsync("dial", "--digits", "1#", "--gateway", Gateway, "--from", "client:alice", "--to", "+15557650100",
            "--call-sid", callSid, "--voice-path", "/voice/in", "--status-path", "/voice/done");

        var first = gateway.Requests[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.Field("From"), Is.EqualTo("client:alice"));
            Assert.That(first.Field("FromCountry"), Is.Empty);
            Assert.That(first.Field("To"), Is.EqualTo("+15557650100"));
            Assert.That(first.Field("CallSid"), Is.EqualTo(callSid));
            Assert.That(gateway.Requests[^1].Path, Is.EqualTo("/voice/done"));
        });
    }

    [TestCase("--digits", "12a#")]
    [TestCase("--call-sid", "CA123")]
    [TestCase("--stay", "-1")]
    public async Task A_bad_option_is_a_usage_error_before_any_call(string option, string value)
    {
        var exitCode = await RunAsync("dial", option, value, "--gateway", Gateway);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(1));
            Assert.That(gateway.Requests, Is.Empty);
        });
    }

    [TestCase(CallOutcome.Bridged, null, 0)]
    [TestCase(CallOutcome.Refused, null, 10)]
    [TestCase(CallOutcome.CallerHungUp, null, 11)]
    [TestCase(CallOutcome.Error, CallErrorKind.InvalidTwiml, 1)]
    [TestCase(CallOutcome.Error, CallErrorKind.HttpStatus, 1)]
    [TestCase(CallOutcome.Error, CallErrorKind.Timeout, 1)]
    [TestCase(CallOutcome.Error, CallErrorKind.Unreachable, 2)]
    public void Each_outcome_has_its_exit_code(CallOutcome outcome, CallErrorKind? kind, int exitCode)
    {
        var error = kind is { } errorKind ? new CallError(errorKind, "problem", "POST /voice/incoming") : null;
        var result = new CallResult("CA1", outcome, null, [], TimeSpan.Zero, error);

        Assert.That(ExitCodes.For(result), Is.EqualTo(exitCode));
    }
}
