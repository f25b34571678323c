using System.Net;
using System.Text.Json;
using IvrGateway.Simulator.Calls;
using IvrGateway.Simulator.Rest;
using IvrGateway.Simulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Twilio.Jwt.AccessToken;

namespace IvrGateway.Simulator.Tests.Rest;

/// <summary>
/// The Voice SDK's side of the fake Twilio: Access Tokens minted with the Twilio library (as the gateway mints them) are checked
/// as Twilio checks them, and a good one plays the browser's call through the TwiML App's voice URL on a stub gateway.
/// </summary>
public sealed class FakeVoiceSdkApiTests
{
    private const string AuthToken = "test-auth-token";
    private const string Account = FakeTwilioOptions.DevelopmentAccountSid;
    private const string ApiKeySid = "SK0123456789abcdef0123456789abcdef";
    private const string ApiKeySecret = "test-api-key-secret-0123456789abcdef";
    private const string TwimlApp = "AP0123456789abcdef0123456789abcdef";
    private const string Identity = "web0123456789abcdef01234567";
    private const string Room = "meeting-mtg_abc";
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private static readonly Uri VoiceUrl = new(StubGateway.BaseUrl, "/voice/client");

    private StubGateway gateway = null!;
    private FakeTimeProvider time = null!;
    private FakeTwilioServer server = null!;
    private HttpClient http = null!;

    [SetUp]
    public async Task SetUp()
    {
        gateway = new StubGateway().Twiml("/voice/client", TwimlText.Response(
            $"<Dial><Conference participantLabel=\"Alice Archer\" statusCallback=\"/voice/conference\" statusCallbackEvent=\"join leave\">{Room}</Conference></Dial>"));
        time = new FakeTimeProvider(Now);
        server = await FakeTwilioServer.StartAsync(new CallSimulator(gateway, time), new FakeTwilioOptions
        {
            AuthToken = AuthToken,
            ApiKeySid = ApiKeySid,
            ApiKeySecret = ApiKeySecret,
            TwimlAppSid = TwimlApp,
            VoiceUrl = VoiceUrl,
        });
        http = new HttpClient { BaseAddress = server.BaseUrl };
    }

    [TearDown]
    public async Task TearDown()
    {
        http.Dispose();
        await server.DisposeAsync();
        gateway.Dispose();
    }

    private static string Token(string secret = ApiKeySecret, string app = TwimlApp, string keySid = ApiKeySid, string account = Account,
        DateTimeOffset? expires = null) =>
        new Token(account, keySid, secret, Identity, expiration: (expires ?? Now.AddMinutes(5)).UtcDateTime,
            grants: [new VoiceGrant { OutgoingApplicationSid = app, IncomingAllow = false }]).ToJwt();

    private async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(string path, params (string Name, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        request.Headers.Add("Origin", StubGateway.BaseUrl.GetLeftPart(UriPartial.Authority));
        var response = await http.SendAsync(request);
        var body = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body, response);
    }

    private async Task<RecordedRequest> ClientRequestAsync()
    {
        for (var waited = 0; waited < 1000; waited++)
        {
            if (gateway.To("/voice/client").FirstOrDefault() is { } found)
            {
                return found;
            }
            await Task.Delay(10);
        }
        throw new AssertionException("The voice URL was never requested.");
    }

    [Test]
    public async Task A_good_token_plays_the_browsers_call_signed_through_the_TwiML_Apps_voice_URL_with_the_identity_and_the_params()
    {
        var (status, body, response) = await PostAsync("/sdk/calls", ("AccessToken", Token()), ("ticket", "the-ticket"));
        var request = await ClientRequestAsync();

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(body.GetProperty("sid").GetString(), Does.Match("^CA[0-9a-f]{32}$"));
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("http://gateway.test:5080"),
                "the gateway's pages may read the answer");
            Assert.That(request.Field("From"), Is.EqualTo("client:" + Identity), "the identity comes from the token");
            Assert.That(request.Field("ticket"), Is.EqualTo("the-ticket"), "the params of device.connect are extra fields");
            Assert.That(request.Field("AccountSid"), Is.EqualTo(Account));
            Assert.That(request.Fields.ContainsKey("AccessToken"), Is.False, "the token is not passed on");
            Assert.That(request.IsSignedBy(AuthToken), Is.True);
        });
    }

    [Test]
    public async Task The_call_stays_in_the_conference_until_the_browser_hangs_up_with_the_token_that_opened_it()
    {
        var token = Token();
        var (_, created, _) = await PostAsync("/sdk/calls", ("AccessToken", token), ("ticket", "t"));
        var sid = created.GetProperty("sid").GetString()!;
        await ClientRequestAsync();
        for (var i = 0; i < 500 && gateway.To("/voice/conference").All(r => r.Field("StatusCallbackEvent") != "participant-join"); i++)
        {
            await Task.Delay(10);
        }

        var (strangerStatus, _, _) = await PostAsync($"/sdk/calls/{sid}", ("AccessToken", Token(expires: Now.AddMinutes(4))), ("Status", "completed"));
        var (liveStatus, live, _) = await PostAsync($"/sdk/calls/{sid}", ("AccessToken", token));
        var (_, hungUp, _) = await PostAsync($"/sdk/calls/{sid}", ("AccessToken", token), ("Status", "completed"));
        for (var i = 0; i < 500 && gateway.To("/voice/conference").All(r => r.Field("StatusCallbackEvent") != "participant-leave"); i++)
        {
            await Task.Delay(10);
        }
        var (_, after, _) = await PostAsync($"/sdk/calls/{sid}", ("AccessToken", token));
        for (var i = 0; i < 500 && !gateway.To("/voice/status").Any(); i++)
        {
            await Task.Delay(10);
        }
        var statuses = gateway.To("/voice/status").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(statuses.Select(r => (r.Field("CallSid"), r.Field("CallStatus"), r.Field("From"))),
                Is.EqualTo(new[] { (sid, "completed", "client:" + Identity) }), "the TwiML App's status callback, beside its voice URL");
            Assert.That(statuses.Single().IsSignedBy(AuthToken), Is.True);
            Assert.That(strangerStatus, Is.EqualTo(HttpStatusCode.NotFound), "another token, even a valid one, does not control the call");
            Assert.That(liveStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(live.GetProperty("status").GetString(), Is.EqualTo("in-progress"));
            Assert.That(hungUp.GetProperty("sid").GetString(), Is.EqualTo(sid));
            Assert.That(gateway.To("/voice/conference").Select(r => r.Field("StatusCallbackEvent")), Does.Contain("participant-leave"));
            Assert.That(after.GetProperty("status").GetString(), Is.EqualTo("completed"));
        });
    }

    [TestCase("another-api-key-secret-0123456789abcdef", TwimlApp, ApiKeySid, Account, 20107, TestName = "A token signed with another secret is refused")]
    [TestCase(ApiKeySecret, "AP99999999999999999999999999999999", ApiKeySid, Account, 20106, TestName = "A token for another TwiML App is refused")]
    [TestCase(ApiKeySecret, TwimlApp, "SK99999999999999999999999999999999", Account, 20103, TestName = "A token issued by another API key is refused")]
    [TestCase(ApiKeySecret, TwimlApp, ApiKeySid, "AC99999999999999999999999999999999", 20103, TestName = "A token for another account is refused")]
    public async Task A_bad_token_is_refused_with_401_and_Twilio_s_error_code(string secret, string app, string keySid, string account, int code)
    {
        var (status, body, response) = await PostAsync("/sdk/calls", ("AccessToken", Token(secret, app, keySid, account)), ("ticket", "t"));

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(code));
            Assert.That(body.GetProperty("status").GetInt32(), Is.EqualTo(401));
            Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.True, "the page can read why");
            Assert.That(gateway.Requests, Is.Empty, "no call is played");
        });
    }

    [Test]
    public async Task An_expired_token_is_refused_with_20104()
    {
        var token = Token();
        time.Advance(TimeSpan.FromMinutes(5));

        var (status, body, _) = await PostAsync("/sdk/calls", ("AccessToken", token), ("ticket", "t"));

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(20104));
            Assert.That(gateway.Requests, Is.Empty);
        });
    }

    [TestCase("", TestName = "No token is refused")]
    [TestCase("not.a.jwt", TestName = "A token that is not a JWT is refused")]
    [TestCase("eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.", TestName = "An unsigned token is refused")]
    public async Task Odd_tokens_are_refused_with_401(string token)
    {
        var (status, body, _) = await PostAsync("/sdk/calls", ("AccessToken", token));

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(body.GetProperty("code").GetInt32(), Is.InRange(20101, 20107));
        });
    }

    [Test]
    public async Task Another_origin_gets_no_CORS_permission_and_the_REST_API_still_needs_Basic_auth()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sdk/calls") { Content = new FormUrlEncodedContent([new("AccessToken", Token())]) };
        request.Headers.Add("Origin", "http://evil.test");
        using var fromElsewhere = await http.SendAsync(request);
        using var rest = await http.GetAsync($"/2010-04-01/Accounts/{Account}/Calls.json");

        Assert.Multiple(() =>
        {
            Assert.That(fromElsewhere.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
            Assert.That(rest.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }
}
