using System.Globalization;
using System.Net;
using IvrGateway.Simulator.Calls;
using IvrGateway.Simulator.Tests.Support;

namespace IvrGateway.Simulator.Tests.Calls;

public sealed class ConferenceTests
{
    private const string StatusCallback = "/voice/conference-status";
    private SimulatorHarness harness = null!;

    [SetUp]
    public void SetUp() => harness = new SimulatorHarness();

    [TearDown]
    public void TearDown() => harness.Dispose();

    private void Bridge(string attributes, string room = "meeting-mtg_abc") =>
        harness.Gateway.Twiml("/voice/incoming", TwimlText.Response(
            $"<Say>Joining.</Say><Dial><Conference {attributes}>{room}</Conference></Dial><Say>never heard</Say>"));

    private static string Callback(RecordedRequest request) =>
        request.Path == "/voice/status" ? request.Field("CallStatus") : request.Fields.GetValueOrDefault("StatusCallbackEvent", request.Path);

    [Test]
    public async Task Dial_into_a_conference_bridges_the_caller_under_the_label()
    {
        Bridge("participantLabel=\"Alice Archer\" startConferenceOnEnter=\"false\" endConferenceOnExit=\"false\" beep=\"onEnter\"");

        var result = await harness.DialAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Bridged));
            Assert.That(result.Conference!.Room, Is.EqualTo("meeting-mtg_abc"));
            Assert.That(result.Conference.ParticipantLabel, Is.EqualTo("Alice Archer"));
            Assert.That(result.Conference.StartConferenceOnEnter, Is.False);
            Assert.That(result.Conference.EndConferenceOnExit, Is.False);
            Assert.That(result.Conference.Beep, Is.EqualTo("onEnter"));
            Assert.That(result.Conference.ConferenceSid, Does.Match("^CF[0-9a-f]{32}$"));
            Assert.That(result.Events.OfType<JoinedConference>().Single().Conference, Is.SameAs(result.Conference));
            Assert.That(result.Heard, Is.EqualTo(new[] { "Joining." }));
        });
    }

    [Test]
    public async Task Join_leave_end_and_completed_are_posted_in_order_each_signed()
    {
        Bridge($"participantLabel=\"Alice Archer\" startConferenceOnEnter=\"false\" statusCallback=\"{StatusCallback}?meeting=m1\" statusCallbackEvent=\"start end join leave\"");

        var result = await harness.DialAsync();

        var callbacks = harness.Gateway.Requests.Skip(1).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(callbacks.Select(request => (request.Url.PathAndQuery, Callback(request))), Is.EqualTo(new[]
            {
                ("/voice/conference-status?meeting=m1", "participant-join"),
                ("/voice/conference-status?meeting=m1", "participant-leave"),
                ("/voice/conference-status?meeting=m1", "conference-end"),
                ("/voice/status", "completed"),
            }));
            Assert.That(callbacks.All(request => request.Method == HttpMethod.Post && request.IsSignedBy(SimulatorHarness.AuthToken)), Is.True);
            Assert.That(callbacks.Take(3).Select(request => request.Field("SequenceNumber")), Is.EqualTo(new[] { "1", "2", "3" }));
            Assert.That(result.Events.OfType<CallEnded>().Single().Callbacks, Is.EqualTo(new[] { "participant-leave", "conference-end", "completed" }));
        });
    }

    [Test]
    public async Task A_participant_callback_carries_what_Twilio_sends()
    {
        Bridge($"participantLabel=\"Alice Archer\" endConferenceOnExit=\"true\" statusCallback=\"{StatusCallback}\" statusCallbackEvent=\"join\"");

        var result = await harness.DialAsync();

        var join = harness.Gateway.To(StatusCallback).Single();
        Assert.Multiple(() =>
        {
            Assert.That(join.Field("AccountSid"), Is.EqualTo(harness.Simulator.AccountSid));
            Assert.That(join.Field("ConferenceSid"), Is.EqualTo(result.Conference!.ConferenceSid));
            Assert.That(join.Field("FriendlyName"), Is.EqualTo("meeting-mtg_abc"));
            Assert.That(join.Field("StatusCallbackEvent"), Is.EqualTo("participant-join"));
            Assert.That(join.Field("CallSid"), Is.EqualTo(result.CallSid));
            Assert.That(join.Field("ParticipantLabel"), Is.EqualTo("Alice Archer"));
            Assert.That(join.Field("Muted"), Is.EqualTo("false"));
            Assert.That(join.Field("Hold"), Is.EqualTo("false"));
            Assert.That(join.Field("Coaching"), Is.EqualTo("false"));
            Assert.That(join.Field("StartConferenceOnEnter"), Is.EqualTo("true"));
            Assert.That(join.Field("EndConferenceOnExit"), Is.EqualTo("true"));
            Assert.That(DateTimeOffset.ParseExact(join.Field("Timestamp"), "R", CultureInfo.InvariantCulture), Is.EqualTo(harness.Time.GetUtcNow()));
        });
    }

    [Test]
    public async Task A_participant_who_starts_the_conference_sends_conference_start_first_and_hears_no_wait_music()
    {
        Bridge($"waitUrl=\"/voice/wait\" statusCallback=\"{StatusCallback}\" statusCallbackEvent=\"start join\"");

        await harness.DialAsync();

        Assert.Multiple(() =>
        {
            Assert.That(harness.Gateway.To(StatusCallback).Select(Callback), Is.EqualTo(new[] { "conference-start", "participant-join" }));
            Assert.That(harness.Gateway.To("/voice/wait"), Is.Empty);
        });
    }

    [Test]
    public async Task Events_that_are_not_subscribed_are_not_posted()
    {
        Bridge($"statusCallback=\"{StatusCallback}\" statusCallbackEvent=\"leave\" statusCallbackMethod=\"GET\"");

        await harness.DialAsync();

        var leave = harness.Gateway.To(StatusCallback).Single();
        Assert.Multiple(() =>
        {
            Assert.That(leave.Method, Is.EqualTo(HttpMethod.Get));
            Assert.That(leave.Url.Query, Does.Contain("StatusCallbackEvent=participant-leave"));
            Assert.That(leave.IsSignedBy(SimulatorHarness.AuthToken), Is.True);
        });
    }

    [Test]
    public async Task The_wait_url_is_played_when_the_caller_does_not_start_the_conference()
    {
        Bridge("participantLabel=\"Bob Baker\" startConferenceOnEnter=\"false\" waitUrl=\"/voice/wait?meeting=m1\"");
        harness.Gateway.Twiml("/voice/wait", TwimlText.Response(
            "<Say>Please wait. The meeting will start when the organizer joins.</Say><Play loop=\"0\">http://cdn.test/music.mp3</Play>"));

        var result = await harness.DialAsync();

        var wait = harness.Gateway.To("/voice/wait").Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Bridged));
            Assert.That(wait.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(wait.IsSignedBy(SimulatorHarness.AuthToken), Is.True);
            Assert.That(wait.Field("ConferenceSid"), Is.EqualTo(result.Conference!.ConferenceSid));
            Assert.That(wait.Field("FriendlyName"), Is.EqualTo("meeting-mtg_abc"));
            Assert.That(wait.Field("QueueTime"), Is.EqualTo("0"));
            Assert.That(wait.Field("CallStatus"), Is.EqualTo("in-progress"));
            Assert.That(result.Events.OfType<Said>().Last(), Is.EqualTo(new Said("Please wait. The meeting will start when the organizer joins.", null, null, 1, WhileWaiting: true)));
            Assert.That(result.Events.OfType<Played>().Single(), Is.EqualTo(new Played(new Uri("http://cdn.test/music.mp3"), null, 0, WhileWaiting: true)));
        });
    }

    [Test]
    public async Task A_wait_url_that_is_an_audio_file_is_played_as_it_is()
    {
        Bridge("startConferenceOnEnter=\"false\" waitUrl=\"/music/hold.mp3\" waitMethod=\"GET\"");
        harness.Gateway.Answer("/music/hold.mp3", _ => StubGateway.Text(HttpStatusCode.OK, "ID3", "audio/mpeg"));

        var result = await harness.DialAsync();

        Assert.Multiple(() =>
        {
            Assert.That(harness.Gateway.To("/music/hold.mp3").Single().Method, Is.EqualTo(HttpMethod.Get));
            Assert.That(result.Events.OfType<Played>().Single().Url, Is.EqualTo(new Uri("http://gateway.test:5080/music/hold.mp3")));
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Bridged));
        });
    }

    [Test]
    public async Task A_wait_document_with_a_forbidden_verb_is_an_error_and_the_caller_still_leaves()
    {
        Bridge($"startConferenceOnEnter=\"false\" waitUrl=\"/voice/wait\" statusCallback=\"{StatusCallback}\" statusCallbackEvent=\"join leave\"");
        harness.Gateway.Twiml("/voice/wait", TwimlText.Response("<Gather/>"));

        var result = await harness.DialAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Error));
            Assert.That(result.Error!.Kind, Is.EqualTo(CallErrorKind.InvalidTwiml));
            Assert.That(result.ErrorMessage, Does.Contain("<Gather> is not allowed in a waitUrl document"));
            Assert.That(harness.Gateway.Requests.Skip(1).Select(Callback), Is.EqualTo(new[] { "participant-join", "/voice/wait", "participant-leave", "completed" }));
        });
    }

    [Test]
    public async Task The_stay_counts_in_the_call_duration()
    {
        Bridge("");
        harness.Options = harness.Options with { StayInConference = TimeSpan.FromSeconds(75) };

        var result = await harness.DialAsync();

        var status = harness.Gateway.To("/voice/status").Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Duration, Is.EqualTo(TimeSpan.FromSeconds(75)));
            Assert.That(status.Field("CallDuration"), Is.EqualTo("75"));
            Assert.That(status.Field("Duration"), Is.EqualTo("2"));
        });
    }

    [Test]
    public async Task A_room_that_ended_starts_again_as_a_new_conference_and_its_sequence_goes_on()
    {
        Bridge($"statusCallback=\"{StatusCallback}\" statusCallbackEvent=\"join leave\"");

        var first = await harness.DialAsync();
        var second = await harness.DialAsync();

        Assert.Multiple(() =>
        {
            Assert.That(second.Conference!.ConferenceSid, Is.Not.EqualTo(first.Conference!.ConferenceSid), "Twilio gives a new conference a new SID");
            Assert.That(second.CallSid, Is.Not.EqualTo(first.CallSid));
            Assert.That(harness.Gateway.To(StatusCallback).Select(request => request.Field("SequenceNumber")), Is.EqualTo(new[] { "1", "2", "3", "4" }));
        });
    }

    [Test]
    public async Task Concurrent_calls_share_one_simulator_and_client()
    {
        Bridge($"statusCallback=\"{StatusCallback}\" statusCallbackEvent=\"join\"");

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => harness.DialAsync())));

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(result => result.Outcome), Is.All.EqualTo(CallOutcome.Bridged));
            Assert.That(results.Select(result => result.CallSid), Is.Unique);
            Assert.That(harness.Gateway.To(StatusCallback).Select(request => request.Field("SequenceNumber")), Is.Unique);
        });
    }

    [Test]
    public async Task A_participant_with_end_conference_on_exit_ends_it_for_everyone_still_in()
    {
        harness.Gateway
            .Twiml("/voice/bob", TwimlText.Response(
                $"<Dial><Conference participantLabel=\"Bob Baker\" statusCallback=\"{StatusCallback}\" statusCallbackEvent=\"start end join leave\">meeting-mtg_abc</Conference></Dial>"))
            .Twiml("/voice/host", TwimlText.Response(
                $"<Dial><Conference participantLabel=\"Olivia Organizer\" endConferenceOnExit=\"true\" statusCallback=\"{StatusCallback}\" statusCallbackEvent=\"start end join leave\">meeting-mtg_abc</Conference></Dial>"));
        var bob = harness.Simulator.Start(harness.Options with { VoicePath = "/voice/bob", StayInConference = Timeout.InfiniteTimeSpan }, new ScriptedKeypad());
        for (var waited = 0; waited < 1000 && harness.Gateway.To(StatusCallback).Count() < 2; waited++)
        {
            await Task.Delay(10);
        }

        var host = await harness.Simulator.DialAsync(harness.Options with { VoicePath = "/voice/host" }, new ScriptedKeypad());
        var bobResult = await bob.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        var callbacks = harness.Gateway.To(StatusCallback).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(bobResult.Events.OfType<CallEnded>().Single().Reason, Is.EqualTo("The conference ended when a participant with endConferenceOnExit left"));
            Assert.That(callbacks.Select(Callback), Is.EqualTo(new[]
            {
                "conference-start", "participant-join", "participant-join", "participant-leave", "participant-leave", "conference-end",
            }));
            Assert.That(callbacks.Last().Field("ReasonConferenceEnded"), Is.EqualTo("participant-with-end-conference-on-exit-left"));
            Assert.That(callbacks.Last().Field("CallSidEndingConference"), Is.EqualTo(host.CallSid));
            Assert.That(callbacks.Select(request => request.Field("ConferenceSid")).Distinct().Single(), Is.EqualTo(host.Conference!.ConferenceSid));
        });
    }
}
