using System.CommandLine;
using System.Text.RegularExpressions;
using IvrGateway.Simulator.Cli;
using IvrGateway.Simulator.Rest;
using IvrGateway.Simulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Twilio.Clients;
using Twilio.Jwt.AccessToken;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace IvrGateway.Simulator.Tests.Cli;

public sealed partial class TwilioCommandTests
{
    private StubGateway gateway = null!;
    private StringWriter written = null!;
    private TextWriter output = null!;
    private Dictionary<string, string> environment = null!;

    [SetUp]
    public void SetUp()
    {
        gateway = new StubGateway();
        written = new StringWriter();
        // REST requests and placed calls print from several threads.
        output = TextWriter.Synchronized(written);
        environment = [];
    }

    [TearDown]
    public void TearDown()
    {
        gateway.Dispose();
        output.Dispose();
        written.Dispose();
    }

    private Task<int> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var context = new CommandContext(
            Terminal.Create(output, redirected: true),
            () => gateway,
            new FakeTimeProvider(),
            () => throw new InvalidOperationException("the twilio command never reads the console"),
            name => environment.GetValueOrDefault(name));
        return SimulatorCommandLine.Create(context).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, cancellationToken);
    }

    private async Task<Uri> ListeningAsync()
    {
        for (var waited = 0; waited < 1000; waited++)
        {
            if (Listening().Match(written.ToString()) is { Success: true } match)
            {
                return new Uri(match.Groups[1].Value);
            }
            await Task.Delay(10);
        }
        throw new AssertionException($"The command did not say where it listens: {written}");
    }

    [GeneratedRegex(@"Fake Twilio REST API on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();

    [Test]
    public async Task The_command_serves_the_api_plays_placed_calls_with_the_given_digits_and_stops_on_cancel()
    {
        gateway
            .Twiml("/voice/outbound", TwimlText.Response("<Gather numDigits=\"1\" action=\"/voice/outbound/answer\"><Say>Press 1 to start Weekly sync.</Say></Gather>"))
            .Twiml("/voice/outbound/answer", TwimlText.Response("<Say>Goodbye.</Say><Hangup/>"));
        environment[DialCommand.AuthTokenVariable] = "env-auth-token";
        using var stop = new CancellationTokenSource();

        var running = RunAsync(stop.Token, "twilio", "--port", "0", "--digits", "7");
        var baseUrl = await ListeningAsync();
        var client = new TwilioRestClient(FakeTwilioOptions.DevelopmentAccountSid, "env-auth-token", FakeTwilioOptions.DevelopmentAccountSid,
            httpClient: new RedirectedTwilioHttpClient(baseUrl));
        var call = await CallResource.CreateAsync(new PhoneNumber("+14155550123"), new PhoneNumber("+15557650000"),
            url: new Uri(StubGateway.BaseUrl, "/voice/outbound"), client: client);
        for (var waited = 0; waited < 1000 && !written.ToString().Contains(" ended: ", StringComparison.Ordinal); waited++)
        {
            await Task.Delay(10);
        }
        await stop.CancelAsync();
        var exitCode = await running.WaitAsync(TimeSpan.FromSeconds(10));

        var text = written.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(0));
            Assert.That(gateway.To("/voice/outbound/answer").Single().Field("Digits"), Is.EqualTo("7"));
            Assert.That(gateway.To("/voice/outbound").Single().IsSignedBy("env-auth-token"), Is.True);
            Assert.That(text, Does.Contain($"Twilio__ApiBaseUrl={baseUrl.ToString().TrimEnd('/')}"));
            Assert.That(text, Does.Contain($"POST /2010-04-01/Accounts/{FakeTwilioOptions.DevelopmentAccountSid}/Calls.json -> 201"));
            Assert.That(text, Does.Contain("🔊 Press 1 to start Weekly sync."));
            Assert.That(text, Does.Contain($"{call.Sid} ended: refused, The gateway hung up"));
            Assert.That(text, Does.EndWith("Stopping: placed calls still playing are dropped." + Environment.NewLine));
        });
    }

    [Test]
    public async Task A_bad_account_sid_is_refused_before_listening()
    {
        var exitCode = await RunAsync(CancellationToken.None, "twilio", "--port", "0", "--account-sid", "AC123");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Error));
            Assert.That(written.ToString(), Does.Contain("The account SID must be AC followed by 32 hex digits, not \"AC123\"."));
        });
    }

    [Test]
    public async Task With_the_TwiML_App_from_the_environment_the_command_plays_a_browsers_call_to_the_voice_URL()
    {
        const string secret = "env-api-key-secret-0123456789abcdef";
        const string app = "AP0123456789abcdef0123456789abcdef";
        gateway.Twiml("/voice/client", TwimlText.Response("<Say>Goodbye.</Say><Hangup/>"));
        environment[TwilioCommand.ApiKeySidVariable] = "SK0123456789abcdef0123456789abcdef";
        environment[TwilioCommand.ApiKeySecretVariable] = secret;
        environment[TwilioCommand.TwimlAppSidVariable] = app;
        using var stop = new CancellationTokenSource();

        var running = RunAsync(stop.Token, "twilio", "--port", "0", "--voice-url", new Uri(StubGateway.BaseUrl, "/voice/client").ToString());
        var baseUrl = await ListeningAsync();
        // The command's fake clock stands still at its start: the token is minted in force on that clock.
        var token = new Token(FakeTwilioOptions.DevelopmentAccountSid, "SK0123456789abcdef0123456789abcdef", secret, "web01",
            expiration: new FakeTimeProvider().GetUtcNow().AddMinutes(5).UtcDateTime,
            grants: [new VoiceGrant { OutgoingApplicationSid = app }]).ToJwt();
        using var http = new HttpClient { BaseAddress = baseUrl };
        using var answer = await http.PostAsync("/sdk/calls", new FormUrlEncodedContent([new("AccessToken", token), new("ticket", "t1")]));
        for (var waited = 0; waited < 1000 && !written.ToString().Contains("browser call ended", StringComparison.Ordinal); waited++)
        {
            await Task.Delay(10);
        }
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That((int)answer.StatusCode, Is.EqualTo(201));
            Assert.That(gateway.To("/voice/client").Single().Field("From"), Is.EqualTo("client:web01"));
            Assert.That(written.ToString(), Does.Contain($"go to {StubGateway.BaseUrl}voice/client for TwiML App {app}"));
        });
    }

    [Test]
    public async Task A_bad_TwiML_App_SID_is_refused_before_listening()
    {
        environment[TwilioCommand.ApiKeySidVariable] = "SK0123456789abcdef0123456789abcdef";
        environment[TwilioCommand.ApiKeySecretVariable] = "env-api-key-secret-0123456789abcdef";

        var exitCode = await RunAsync(CancellationToken.None, "twilio", "--port", "0", "--twiml-app-sid", "AC0123456789abcdef0123456789abcdef");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Error));
            Assert.That(written.ToString(), Does.Contain("The TwiML App SID must be AP followed by 32 hex digits"));
        });
    }

    [Test]
    public async Task Help_describes_the_api_the_fake_serves()
    {
        await RunAsync(CancellationToken.None, "twilio", "--help");

        Assert.That(written.ToString(), Does.Contain("Participants     GET Participants.json; GET, POST (Muted, Hold) and DELETE (remove)"));
    }
}
