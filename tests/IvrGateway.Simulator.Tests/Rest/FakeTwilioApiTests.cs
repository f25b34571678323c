using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IvrGateway.Simulator.Calls;
using IvrGateway.Simulator.Rest;
using IvrGateway.Simulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Rest.Api.V2010.Account.Conference;
using Twilio.Types;

namespace IvrGateway.Simulator.Tests.Rest;

/// <summary>The fake REST API driven through the Twilio library itself, its placed calls played against a stub gateway.</summary>
public sealed class FakeTwilioApiTests
{
    private const string AuthToken = "test-auth-token";
    private const string ApiKeySid = "SK0123456789abcdef0123456789abcdef";
    private const string ApiKeySecret = "test-api-key-secret";
    private const string Account = FakeTwilioOptions.DevelopmentAccountSid;
    private const string Organizer = "+14155550123";
    private const string DialIn = "+15557650000";
    private const string Room = "meeting-mtg_abc";
    private const string ConferenceStatus = "/voice/conference-status";
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    private StubGateway gateway = null!;
    private CallSimulator simulator = null!;
    private FakeTwilioServer server = null!;
    private TwilioRestClient client = null!;

    [SetUp]
    public async Task SetUp()
    {
        gateway = new StubGateway()
            .Twiml("/voice/outbound", TwimlText.Response(
                "<Gather numDigits=\"1\" action=\"/voice/outbound/answer?meeting=m1\"><Say>Press 1 to start Weekly sync.</Say></Gather><Hangup/>"))
            .Twiml("/voice/outbound/answer", TwimlText.Response(
                "<Dial><Conference participantLabel=\"Olivia Organizer\" startConferenceOnEnter=\"true\" " +
                $"statusCallback=\"{ConferenceStatus}\" statusCallbackEvent=\"start end join leave mute hold\">{Room}</Conference></Dial>"));
        simulator = new CallSimulator(gateway, new FakeTimeProvider(Now));
        server = await FakeTwilioServer.StartAsync(simulator, new FakeTwilioOptions
        {
            AuthToken = AuthToken,
            ApiKeySid = ApiKeySid,
            ApiKeySecret = ApiKeySecret,
        });
        client = Client(Account, AuthToken);
    }

    [TearDown]
    public async Task TearDown()
    {
        await server.DisposeAsync();
        gateway.Dispose();
    }

    private TwilioRestClient Client(string username, string password) =>
        new(username, password, Account, httpClient: new RedirectedTwilioHttpClient(server.BaseUrl));

    private Task<CallResource> PlaceAsync(string to = Organizer) =>
        CallResource.CreateAsync(new CreateCallOptions(new PhoneNumber(to), new PhoneNumber(DialIn))
        {
            Url = new Uri(StubGateway.BaseUrl, "/voice/outbound?meeting=m1"),
            StatusCallback = new Uri(StubGateway.BaseUrl, "/voice/status"),
            StatusCallbackEvent = ["initiated", "ringing", "answered", "completed"],
        }, client);

    /// <summary>Waits for the conference callback; placed calls play on their own, after the REST answer.</summary>
    private async Task<RecordedRequest> CallbackAsync(string statusEvent, string? callSid = null)
    {
        for (var waited = 0; waited < 1000; waited++)
        {
            var found = gateway.To(ConferenceStatus).FirstOrDefault(request =>
                request.Field("StatusCallbackEvent") == statusEvent && (callSid is null || request.Fields.GetValueOrDefault("CallSid") == callSid));
            if (found is not null)
            {
                return found;
            }
            await Task.Delay(10);
        }
        throw new AssertionException($"No {statusEvent} callback{(callSid is null ? "" : " for " + callSid)}; got: " +
            string.Join(", ", gateway.Requests.Select(request => request.Url.PathAndQuery + " " + request.Fields.GetValueOrDefault("StatusCallbackEvent"))));
    }

    private static async Task<CallResult> EndedAsync(LiveCall? call) =>
        await call!.Completion.WaitAsync(TimeSpan.FromSeconds(10));

    private static string[] Events(IEnumerable<RecordedRequest> requests) =>
        requests.Select(request => request.Field("StatusCallbackEvent")).ToArray();

    [Test]
    public async Task Calls_create_answers_a_queued_call_resource_the_library_reads()
    {
        var call = await PlaceAsync();

        Assert.Multiple(() =>
        {
            Assert.That(call.Sid, Does.Match("^CA[0-9a-f]{32}$"));
            Assert.That(call.AccountSid, Is.EqualTo(Account));
            Assert.That(call.To, Is.EqualTo(Organizer));
            Assert.That(call.From, Is.EqualTo(DialIn));
            Assert.That(call.Status, Is.EqualTo(CallResource.StatusEnum.Queued));
            Assert.That(call.Direction, Is.EqualTo("outbound-api"));
            Assert.That(call.ApiVersion, Is.EqualTo("2010-04-01"));
            Assert.That(call.DateCreated, Is.EqualTo(Now.UtcDateTime));
            Assert.That(call.StartTime, Is.Null);
            Assert.That(call.Uri, Is.EqualTo($"/2010-04-01/Accounts/{Account}/Calls/{call.Sid}.json"));
            Assert.That(server.PlacedCall(call.Sid), Is.Not.Null);
        });
    }

    [Test]
    public async Task The_create_answer_is_201_with_Twilio_s_json_fields()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseUrl, $"/2010-04-01/Accounts/{Account}/Calls.json"))
        {
            Content = new FormUrlEncodedContent([new("To", Organizer), new("From", DialIn), new("Url", "http://gateway.test:5080/voice/outbound")]),
        };
        request.Headers.Authorization = Basic(Account, AuthToken);

        using var response = await http.SendAsync(request);

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
            Assert.That(root.GetProperty("status").GetString(), Is.EqualTo("queued"));
            Assert.That(root.GetProperty("date_created").GetString(), Is.EqualTo("Sat, 28 Nov 2026 10:00:00 +0000"));
            Assert.That(root.GetProperty("subresource_uris").GetProperty("recordings").GetString(), Does.EndWith("/Recordings.json"));
            Assert.That(root.GetProperty("end_time").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task A_placed_call_follows_the_gateway_TwiML_presses_1_and_joins_the_conference()
    {
        var call = await PlaceAsync();
        var join = await CallbackAsync("participant-join", call.Sid);

        var voice = gateway.To("/voice/outbound").Single();
        var answer = gateway.To("/voice/outbound/answer").Single();
        var conference = (await ConferenceResource.ReadAsync(friendlyName: Room, status: ConferenceResource.StatusEnum.InProgress, client: client)).Single();
        var participant = (await ParticipantResource.ReadAsync(conference.Sid, client: client)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(voice.Url.Query, Is.EqualTo("?meeting=m1"));
            Assert.That(voice.IsSignedBy(AuthToken), Is.True);
            Assert.That(voice.Field("Direction"), Is.EqualTo("outbound-api"));
            Assert.That(voice.Field("CallStatus"), Is.EqualTo("in-progress"), "a placed call is requested once answered");
            Assert.That(voice.Field("CallSid"), Is.EqualTo(call.Sid));
            Assert.That(voice.Field("AccountSid"), Is.EqualTo(Account));
            Assert.That(voice.Field("From"), Is.EqualTo(DialIn));
            Assert.That(voice.Field("To"), Is.EqualTo(Organizer));
            Assert.That(answer.Field("Digits"), Is.EqualTo("1"));
            Assert.That(answer.IsSignedBy(AuthToken), Is.True);
            Assert.That(gateway.To("/voice/status").Select(request => request.Field("CallStatus")), Is.EqualTo(new[] { "initiated", "ringing", "in-progress" }));
            Assert.That(Events(gateway.To(ConferenceStatus)), Is.EqualTo(new[] { "conference-start", "participant-join" }));
            Assert.That(join.Field("ConferenceSid"), Is.EqualTo(conference.Sid));
            Assert.That(conference.Sid, Does.Match("^CF[0-9a-f]{32}$"));
            Assert.That(conference.FriendlyName, Is.EqualTo(Room));
            Assert.That(conference.Status, Is.EqualTo(ConferenceResource.StatusEnum.InProgress));
            Assert.That(conference.DateCreated, Is.EqualTo(Now.UtcDateTime));
            Assert.That(participant.CallSid, Is.EqualTo(call.Sid));
            Assert.That(participant.Label, Is.EqualTo("Olivia Organizer"));
            Assert.That(participant.Muted, Is.False);
            Assert.That(participant.StartConferenceOnEnter, Is.True);
            Assert.That(participant.Status, Is.EqualTo(ParticipantResource.StatusEnum.Connected));
            Assert.That(CallResource.Fetch(call.Sid, client: client).Status, Is.EqualTo(CallResource.StatusEnum.InProgress));
        });
    }

    [Test]
    public async Task Listing_by_friendly_name_and_status_finds_only_that_conference()
    {
        var call = await PlaceAsync();
        await CallbackAsync("participant-join", call.Sid);

        Assert.Multiple(() =>
        {
            Assert.That(ConferenceResource.Read(friendlyName: "meeting-other", client: client), Is.Empty);
            Assert.That(ConferenceResource.Read(friendlyName: Room, status: ConferenceResource.StatusEnum.Completed, client: client), Is.Empty);
            Assert.That(ConferenceResource.Read(friendlyName: Room, client: client).Select(conference => conference.FriendlyName), Is.EqualTo(new[] { Room }));
        });
    }

    [Test]
    public async Task Mute_and_hold_change_the_participant_and_send_their_callbacks()
    {
        var call = await PlaceAsync();
        var conferenceSid = (await CallbackAsync("participant-join", call.Sid)).Field("ConferenceSid");

        var muted = await ParticipantResource.UpdateAsync(conferenceSid, call.Sid, muted: true, client: client);
        var mute = await CallbackAsync("participant-mute", call.Sid);
        var held = await ParticipantResource.UpdateAsync(conferenceSid, "Olivia Organizer", hold: true, client: client);
        var hold = await CallbackAsync("participant-hold", call.Sid);
        await ParticipantResource.UpdateAsync(conferenceSid, call.Sid, muted: false, client: client);
        await CallbackAsync("participant-unmute", call.Sid);

        Assert.Multiple(() =>
        {
            Assert.That(muted.Muted, Is.True);
            Assert.That(muted.Hold, Is.False);
            Assert.That(mute.Field("Muted"), Is.EqualTo("true"));
            Assert.That(mute.IsSignedBy(AuthToken), Is.True);
            Assert.That(held.Hold, Is.True, "a participant is found by label too, as at Twilio");
            Assert.That(hold.Field("Hold"), Is.EqualTo("true"));
            Assert.That(ParticipantResource.Fetch(conferenceSid, call.Sid, client: client).Muted, Is.False);
            Assert.That(server.PlacedCall(call.Sid)!.Completion.IsCompleted, Is.False, "muting does not end the call");
        });
    }

    [Test]
    public async Task Removing_a_participant_sends_leave_and_end_and_completes_the_call()
    {
        var call = await PlaceAsync();
        var conferenceSid = (await CallbackAsync("participant-join", call.Sid)).Field("ConferenceSid");

        var removed = await ParticipantResource.DeleteAsync(conferenceSid, call.Sid, client: client);
        var result = await EndedAsync(server.PlacedCall(call.Sid));

        var end = await CallbackAsync("conference-end");
        var fetched = await CallResource.FetchAsync(call.Sid, client: client);
        Assert.Multiple(() =>
        {
            Assert.That(removed, Is.True);
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Bridged));
            Assert.That(result.Events.OfType<CallEnded>().Single().Reason, Is.EqualTo("Removed from the conference through the REST API"));
            Assert.That(Events(gateway.To(ConferenceStatus)), Is.EqualTo(new[] { "conference-start", "participant-join", "participant-leave", "conference-end" }));
            Assert.That(end.Field("ReasonConferenceEnded"), Is.EqualTo("last-participant-left"));
            Assert.That(gateway.To("/voice/status").Last().Field("CallStatus"), Is.EqualTo("completed"));
            Assert.That(fetched.Status, Is.EqualTo(CallResource.StatusEnum.Completed));
            Assert.That(fetched.EndTime, Is.Not.Null);
            Assert.That(ParticipantResource.Read(conferenceSid, client: client), Is.Empty);
            Assert.That(ConferenceResource.Fetch(conferenceSid, client: client).Status, Is.EqualTo(ConferenceResource.StatusEnum.Completed));
        });
    }

    [Test]
    public async Task Ending_the_conference_takes_every_leg_out_and_sends_one_conference_end()
    {
        var first = await PlaceAsync();
        var conferenceSid = (await CallbackAsync("participant-join", first.Sid)).Field("ConferenceSid");
        var second = await PlaceAsync("+14155550199");
        await CallbackAsync("participant-join", second.Sid);

        var ended = await ConferenceResource.UpdateAsync(conferenceSid, status: ConferenceResource.UpdateStatusEnum.Completed, client: client);
        var results = await Task.WhenAll(EndedAsync(server.PlacedCall(first.Sid)), EndedAsync(server.PlacedCall(second.Sid)));

        var end = await CallbackAsync("conference-end");
        Assert.Multiple(() =>
        {
            Assert.That(ended.Status, Is.EqualTo(ConferenceResource.StatusEnum.Completed));
            Assert.That(ended.ReasonConferenceEnded, Is.EqualTo(ConferenceResource.ReasonConferenceEndedEnum.ConferenceEndedViaApi));
            Assert.That(results.Select(result => result.Events.OfType<CallEnded>().Single().Reason), Is.All.EqualTo("The conference was ended through the REST API"));
            Assert.That(Events(gateway.To(ConferenceStatus)).Count(name => name == "participant-leave"), Is.EqualTo(2));
            Assert.That(Events(gateway.To(ConferenceStatus)).Last(), Is.EqualTo("conference-end"));
            Assert.That(Events(gateway.To(ConferenceStatus)).Count(name => name == "conference-end"), Is.EqualTo(1));
            Assert.That(end.Field("ReasonConferenceEnded"), Is.EqualTo("conference-ended-via-api"));
            Assert.That(end.Fields.ContainsKey("CallSidEndingConference"), Is.False);
            Assert.That(ConferenceResource.Read(friendlyName: Room, status: ConferenceResource.StatusEnum.InProgress, client: client), Is.Empty);
        });
    }

    [Test]
    public async Task After_the_end_the_room_starts_a_new_conference_with_a_new_sid()
    {
        var first = await PlaceAsync();
        var firstConference = (await CallbackAsync("participant-join", first.Sid)).Field("ConferenceSid");
        await ConferenceResource.UpdateAsync(firstConference, status: ConferenceResource.UpdateStatusEnum.Completed, client: client);
        await EndedAsync(server.PlacedCall(first.Sid));

        var second = await PlaceAsync();
        var secondConference = (await CallbackAsync("participant-join", second.Sid)).Field("ConferenceSid");

        Assert.Multiple(() =>
        {
            Assert.That(secondConference, Is.Not.EqualTo(firstConference));
            Assert.That(ConferenceResource.Read(friendlyName: Room, status: ConferenceResource.StatusEnum.InProgress, client: client).Single().Sid,
                Is.EqualTo(secondConference));
            Assert.That(ConferenceResource.Read(friendlyName: Room, status: ConferenceResource.StatusEnum.Completed, client: client).Single().Sid,
                Is.EqualTo(firstConference));
        });
    }

    [Test]
    public async Task Hanging_up_a_call_through_the_library_ends_it_with_its_callbacks()
    {
        var call = await PlaceAsync();
        await CallbackAsync("participant-join", call.Sid);

        var updated = await CallResource.UpdateAsync(call.Sid, status: CallResource.UpdateStatusEnum.Completed, client: client);
        var result = await EndedAsync(server.PlacedCall(call.Sid));

        Assert.Multiple(() =>
        {
            Assert.That(updated.Sid, Is.EqualTo(call.Sid));
            Assert.That(result.Events.OfType<CallEnded>().Single().Reason, Is.EqualTo("Hung up through the REST API"));
            Assert.That(Events(gateway.To(ConferenceStatus)).TakeLast(2), Is.EqualTo(new[] { "participant-leave", "conference-end" }));
            Assert.That(gateway.To("/voice/status").Last().Field("CallStatus"), Is.EqualTo("completed"));
            Assert.That(CallResource.Fetch(call.Sid, client: client).Status, Is.EqualTo(CallResource.StatusEnum.Completed));
        });
    }

    [Test]
    public async Task A_caller_dialed_in_through_the_same_simulator_can_be_muted_and_removed()
    {
        gateway.Twiml("/voice/incoming", TwimlText.Response(
            $"<Dial><Conference participantLabel=\"Alice Archer\" statusCallback=\"{ConferenceStatus}\" statusCallbackEvent=\"join leave mute\">{Room}</Conference></Dial>"));
        var dialed = simulator.Start(new CallOptions
        {
            Gateway = StubGateway.BaseUrl,
            AuthToken = AuthToken,
            StayInConference = Timeout.InfiniteTimeSpan,
        }, new ScriptedKeypad());
        var conferenceSid = (await CallbackAsync("participant-join", dialed.Sid)).Field("ConferenceSid");

        var participant = await ParticipantResource.UpdateAsync(conferenceSid, dialed.Sid, muted: true, client: client);
        await CallbackAsync("participant-mute", dialed.Sid);
        await ParticipantResource.DeleteAsync(conferenceSid, "Alice Archer", client: client);
        var result = await EndedAsync(dialed);

        Assert.Multiple(() =>
        {
            Assert.That(participant.Muted, Is.True);
            Assert.That(result.Events.OfType<CallEnded>().Single().Reason, Is.EqualTo("Removed from the conference through the REST API"));
            Assert.That(Events(gateway.To(ConferenceStatus)), Is.EqualTo(new[] { "participant-join", "participant-mute", "participant-leave" }));
        });
    }

    [Test]
    public void An_unknown_sid_is_a_404_the_library_raises_with_Twilio_s_code()
    {
        const string unknown = "CF0123456789abcdef0123456789abcdef";

        var conference = Assert.Throws<ApiException>(() => ConferenceResource.Fetch(unknown, client: client))!;
        var participant = Assert.Throws<ApiException>(() => ParticipantResource.Update(unknown, "CA0123456789abcdef0123456789abcdef", muted: true, client: client))!;
        var call = Assert.Throws<ApiException>(() => CallResource.Update("CA0123456789abcdef0123456789abcdef", status: CallResource.UpdateStatusEnum.Completed, client: client))!;

        Assert.Multiple(() =>
        {
            Assert.That(conference.Status, Is.EqualTo(404));
            Assert.That(conference.Code, Is.EqualTo(20404));
            Assert.That(conference.Message, Is.EqualTo($"The requested resource /2010-04-01/Accounts/{Account}/Conferences/{unknown}.json was not found"));
            Assert.That(conference.MoreInfo, Is.EqualTo("https://www.twilio.com/docs/errors/20404"));
            Assert.That(participant.Status, Is.EqualTo(404));
            Assert.That(call.Status, Is.EqualTo(404));
        });
    }

    [Test]
    public async Task Another_account_s_urls_are_unknown()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUrl, "/2010-04-01/Accounts/AC11111111111111111111111111111111/Conferences.json"));
        request.Headers.Authorization = Basic(Account, AuthToken);

        using var response = await http.SendAsync(request);

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(body.RootElement.GetProperty("code").GetInt32(), Is.EqualTo(20404));
            Assert.That(body.RootElement.GetProperty("status").GetInt32(), Is.EqualTo(404));
        });
    }

    [Test]
    public async Task Without_valid_basic_auth_the_answer_is_401_and_nothing_is_placed()
    {
        using var http = new HttpClient();
        using var anonymous = await http.PostAsync(new Uri(server.BaseUrl, $"/2010-04-01/Accounts/{Account}/Calls.json"),
            new FormUrlEncodedContent([new("To", Organizer), new("From", DialIn), new("Url", "http://gateway.test:5080/voice/outbound")]));
        var wrongToken = Assert.ThrowsAsync<ApiException>(() => CallResource.CreateAsync(new PhoneNumber(Organizer), new PhoneNumber(DialIn),
            url: new Uri("http://gateway.test:5080/voice/outbound"), client: Client(Account, "not-the-token")))!;
        var wrongSecret = Assert.Throws<ApiException>(() => ConferenceResource.Read(client: Client(ApiKeySid, "not-the-secret")))!;

        using var body = JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(anonymous.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Basic realm=\"Twilio API\""));
            Assert.That(body.RootElement.GetProperty("code").GetInt32(), Is.EqualTo(20003));
            Assert.That(wrongToken.Status, Is.EqualTo(401));
            Assert.That(wrongToken.Code, Is.EqualTo(20003));
            Assert.That(wrongSecret.Status, Is.EqualTo(401));
            Assert.That(server.PlacedCalls, Is.Empty);
            Assert.That(gateway.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task An_api_key_and_its_secret_are_accepted()
    {
        var call = await CallResource.CreateAsync(new PhoneNumber(Organizer), new PhoneNumber(DialIn),
            url: new Uri(StubGateway.BaseUrl, "/voice/outbound"), client: Client(ApiKeySid, ApiKeySecret));

        Assert.That(call.Status, Is.EqualTo(CallResource.StatusEnum.Queued));
    }

    [Test]
    public void A_call_without_url_or_to_is_refused_with_Twilio_s_codes()
    {
        var noUrl = Assert.Throws<ApiException>(() => CallResource.Create(new PhoneNumber(Organizer), new PhoneNumber(DialIn), client: client))!;
        var badUrl = Assert.Throws<ApiException>(() => CallResource.Create(new PhoneNumber(Organizer), new PhoneNumber(DialIn), url: new Uri("ftp://gateway.test/x"), client: client))!;

        Assert.Multiple(() =>
        {
            Assert.That(noUrl.Status, Is.EqualTo(400));
            Assert.That(noUrl.Code, Is.EqualTo(21205));
            Assert.That(badUrl.Code, Is.EqualTo(21205));
            Assert.That(server.PlacedCalls, Is.Empty);
        });
    }

    [Test]
    public async Task A_call_the_gateway_refuses_ends_completed_with_its_status_callback()
    {
        gateway.Twiml("/voice/refuse", TwimlText.Response("<Say>Nothing to start.</Say><Hangup/>"));

        var call = await CallResource.CreateAsync(new PhoneNumber(Organizer), new PhoneNumber(DialIn),
            url: new Uri(StubGateway.BaseUrl, "/voice/refuse"), statusCallback: new Uri(StubGateway.BaseUrl, "/voice/status"), client: client);
        var result = await EndedAsync(server.PlacedCall(call.Sid));

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Refused));
            Assert.That(result.Heard, Is.EqualTo(new[] { "Nothing to start." }));
            Assert.That(gateway.To("/voice/status").Select(request => request.Field("CallStatus")), Is.EqualTo(new[] { "completed" }));
            Assert.That(CallResource.Fetch(call.Sid, client: client).Status, Is.EqualTo(CallResource.StatusEnum.Completed));
        });
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
