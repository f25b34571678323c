using IvrGateway.Simulator.Calls;
using IvrGateway.Simulator.Tests.Support;
using NSubstitute;

namespace IvrGateway.Simulator.Tests.Calls;

public sealed class CallFlowTests
{
    private SimulatorHarness harness = null!;

    [SetUp]
    public void SetUp() => harness = new SimulatorHarness();

    [TearDown]
    public void TearDown() => harness.Dispose();

    private void Incoming(string verbs) => harness.Gateway.Twiml("/voice/incoming", TwimlText.Response(verbs));

    [Test]
    public async Task Gather_digits_are_sent_without_the_finish_key()
    {
        Incoming("<Gather action=\"/voice/access-code\"><Say>Enter your access code.</Say></Gather>");
        harness.Gateway.Twiml("/voice/access-code", TwimlText.Response("<Hangup/>"));

        var result = await harness.DialAsync("1234567890#");

        var action = harness.Gateway.To("/voice/access-code").Single();
        Assert.Multiple(() =>
        {
            Assert.That(action.Field("Digits"), Is.EqualTo("1234567890"));
            Assert.That(action.Field("FinishedOnKey"), Is.EqualTo("#"));
            Assert.That(result.Heard, Is.EqualTo(new[] { "Enter your access code." }));
            Assert.That(result.Events.OfType<KeysPressed>().Single(), Is.EqualTo(new KeysPressed("1234567890#", "1234567890", "#")));
        });
    }

    [Test]
    public async Task Gather_with_numDigits_submits_when_enough_keys_are_pressed()
    {
        Incoming("<Gather action=\"/voice/pin\" numDigits=\"4\"/>");
        harness.Gateway.Twiml("/voice/pin", TwimlText.Response("<Hangup/>"));

        await harness.DialAsync("123456");

        var action = harness.Gateway.To("/voice/pin").Single();
        Assert.Multiple(() =>
        {
            Assert.That(action.Field("Digits"), Is.EqualTo("1234"));
            Assert.That(action.Field("FinishedOnKey"), Is.Empty);
        });
    }

    [Test]
    public async Task Gather_without_input_continues_with_the_next_verb()
    {
        Incoming("<Gather action=\"/voice/access-code\"><Say>Code?</Say></Gather><Say>We did not get that. Goodbye.</Say><Hangup/>");

        var result = await harness.DialAsync("-");

        Assert.Multiple(() =>
        {
            Assert.That(harness.Gateway.To("/voice/access-code"), Is.Empty);
            Assert.That(result.Heard, Is.EqualTo(new[] { "Code?", "We did not get that. Goodbye." }));
            Assert.That(result.Events.OfType<NoInput>().Single(), Is.EqualTo(new NoInput(TimeSpan.FromSeconds(5), ContinuesWithNextVerb: true)));
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Refused));
        });
    }

    [Test]
    public async Task Pressing_only_the_finish_key_is_no_input()
    {
        Incoming("<Gather action=\"/voice/access-code\"/><Hangup/>");

        await harness.DialAsync("#");

        Assert.That(harness.Gateway.To("/voice/access-code"), Is.Empty);
    }

    [Test]
    public async Task Gather_without_input_calls_the_action_when_actionOnEmptyResult_is_true()
    {
        Incoming("<Gather action=\"/voice/access-code\" actionOnEmptyResult=\"true\"/><Say>never heard</Say>");
        harness.Gateway.Twiml("/voice/access-code", TwimlText.Response("<Hangup/>"));

        var result = await harness.DialAsync("");

        var action = harness.Gateway.To("/voice/access-code").Single();
        Assert.Multiple(() =>
        {
            Assert.That(action.Field("Digits"), Is.Empty);
            Assert.That(result.Heard, Is.Empty);
        });
    }

    [Test]
    public async Task A_relative_action_resolves_against_the_url_of_the_document()
    {
        harness.Options = harness.Options with { VoicePath = "/voice/flow/start" };
        harness.Gateway
            .Twiml("/voice/flow/start", TwimlText.Response("<Gather action=\"passcode?attempt=1\"/>"))
            .Twiml("/voice/flow/passcode", TwimlText.Response("<Hangup/>"));

        await harness.DialAsync("482913#");

        Assert.That(harness.Gateway.Requests[1].Url, Is.EqualTo(new Uri("http://gateway.test:5080/voice/flow/passcode?attempt=1")));
    }

    [Test]
    public async Task A_gather_without_action_posts_back_to_the_same_url()
    {
        harness.Gateway
            .Twiml("/voice/incoming", TwimlText.Response("<Gather/>"))
            .Twiml("/voice/incoming", TwimlText.Response("<Hangup/>"));

        await harness.DialAsync("42#");

        var requests = harness.Gateway.To("/voice/incoming").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(requests, Has.Count.EqualTo(2));
            Assert.That(requests[1].Field("Digits"), Is.EqualTo("42"));
        });
    }

    [Test]
    public async Task A_GET_action_carries_the_fields_in_the_query_and_signs_the_url_alone()
    {
        Incoming("<Gather action=\"/voice/code?lang=en\" method=\"GET\"/>");
        harness.Gateway.Twiml("/voice/code", TwimlText.Response("<Hangup/>"));

        await harness.DialAsync("77#");

        var action = harness.Gateway.To("/voice/code").Single();
        var query = RecordedRequest.ParseForm(action.Url.Query).ToDictionary();
        Assert.Multiple(() =>
        {
            Assert.That(action.Method, Is.EqualTo(HttpMethod.Get));
            Assert.That(query["lang"], Is.EqualTo("en"));
            Assert.That(query["Digits"], Is.EqualTo("77"));
            Assert.That(query["CallStatus"], Is.EqualTo("in-progress"));
            Assert.That(action.IsSignedBy(SimulatorHarness.AuthToken), Is.True);
        });
    }

    [Test]
    public async Task Redirect_is_followed_with_its_method()
    {
        Incoming("<Say>One moment.</Say><Redirect method=\"GET\">/voice/next</Redirect><Say>never heard</Say>");
        harness.Gateway.Twiml("/voice/next", TwimlText.Response("<Say>Next.</Say><Hangup/>"));

        var result = await harness.DialAsync();

        Assert.Multiple(() =>
        {
            Assert.That(harness.Gateway.To("/voice/next").Single().Method, Is.EqualTo(HttpMethod.Get));
            Assert.That(result.Heard, Is.EqualTo(new[] { "One moment.", "Next." }));
        });
    }

    [Test]
    public async Task Hangup_is_a_refusal_reported_as_completed()
    {
        Incoming("<Say>This code is not valid.</Say><Hangup/><Say>never heard</Say>");

        var result = await harness.DialAsync();

        var status = harness.Gateway.To("/voice/status").Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Refused));
            Assert.That(result.Conference, Is.Null);
            Assert.That(result.Heard, Is.EqualTo(new[] { "This code is not valid." }));
            Assert.That(status.Field("CallStatus"), Is.EqualTo("completed"));
            Assert.That(status.Field("CallbackSource"), Is.EqualTo("call-progress-events"));
            Assert.That(status.Field("CallDuration"), Is.EqualTo("0"));
            Assert.That(status.Field("Duration"), Is.EqualTo("1"));
            Assert.That(status.Field("SequenceNumber"), Is.EqualTo("0"));
            Assert.That(status.Field("Timestamp"), Is.EqualTo("Sat, 28 Nov 2026 10:00:00 GMT"));
            Assert.That(status.IsSignedBy(SimulatorHarness.AuthToken), Is.True);
        });
    }

    [Test]
    public async Task Reject_before_answering_is_reported_as_busy()
    {
        Incoming("<Reject reason=\"busy\"/>");

        var result = await harness.DialAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Refused));
            Assert.That(harness.Gateway.To("/voice/status").Single().Field("CallStatus"), Is.EqualTo("busy"));
            Assert.That(harness.Gateway.To("/voice/status").Single().Field("Duration"), Is.EqualTo("0"));
        });
    }

    [Test]
    public async Task A_document_that_ends_without_bridging_is_a_refusal()
    {
        Incoming("<Say>Goodbye.</Say>");

        var result = await harness.DialAsync();

        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Refused));
    }

    [Test]
    public async Task The_caller_hangs_up_when_the_keys_run_out()
    {
        Incoming("<Gather action=\"/voice/access-code\"/>");
        harness.Gateway.Twiml("/voice/access-code", TwimlText.Response("<Gather action=\"/voice/passcode\"/>"));

        var result = await harness.DialAsync("1234567890#");

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.CallerHungUp));
            Assert.That(harness.Gateway.To("/voice/passcode"), Is.Empty);
            Assert.That(harness.Gateway.To("/voice/status").Single().Field("CallStatus"), Is.EqualTo("completed"));
            Assert.That(result.Events[^1], Is.TypeOf<CallEnded>());
        });
    }

    [Test]
    public async Task A_redirect_loop_ends_the_call_with_an_error()
    {
        Incoming("<Redirect>/voice/incoming</Redirect>");
        harness.Options = harness.Options with { MaxDocuments = 5 };

        var result = await harness.DialAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Error));
            Assert.That(result.ErrorMessage, Does.Contain("redirect loop"));
            Assert.That(harness.Gateway.To("/voice/incoming").Count(), Is.EqualTo(5));
        });
    }

    [Test]
    public async Task In_fast_mode_a_pause_is_not_waited_but_counts_in_the_duration()
    {
        Incoming("<Pause length=\"30\"/><Hangup/>");

        var result = await harness.DialAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.Duration, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(harness.Gateway.To("/voice/status").Single().Field("CallDuration"), Is.EqualTo("30"));
            Assert.That(result.Events.OfType<Paused>().Single().Length, Is.EqualTo(TimeSpan.FromSeconds(30)));
        });
    }

    [Test]
    public async Task Without_fast_mode_a_pause_waits_on_the_clock()
    {
        Incoming("<Pause length=\"30\"/><Hangup/>");
        harness.Options = harness.Options with { Fast = false };

        var call = harness.DialAsync();
        var advanced = TimeSpan.Zero;
        while (!call.IsCompleted && advanced < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(5);
            harness.Time.Advance(TimeSpan.FromSeconds(1));
            advanced += TimeSpan.FromSeconds(1);
        }

        var result = await call;
        Assert.Multiple(() =>
        {
            Assert.That(advanced, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Refused));
        });
    }

    [Test]
    public async Task Play_is_reported_with_its_url_and_loop()
    {
        Incoming("<Play loop=\"2\">https://cdn.test/welcome.mp3</Play><Play digits=\"1w2\"/><Hangup/>");

        var result = await harness.DialAsync();

        Assert.That(result.Events.OfType<Played>(), Is.EqualTo(new[]
        {
            new Played(new Uri("https://cdn.test/welcome.mp3"), null, 2, false),
            new Played(null, "1w2", 1, false),
        }));
    }

    [Test]
    public async Task The_keypad_is_told_what_the_gather_expects()
    {
        Incoming("<Gather action=\"/voice/pin\" numDigits=\"6\" finishOnKey=\"*\" timeout=\"8\"/>");
        var keypad = Substitute.For<IKeypad>();
        keypad.NextEntryAsync(Arg.Any<GatherPrompt>(), Arg.Any<CancellationToken>()).Returns(new ValueTask<KeypadEntry>(KeypadEntry.HangUp));

        var result = await harness.Simulator.DialAsync(harness.Options, keypad);

        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.CallerHungUp));
        await keypad.Received(1).NextEntryAsync(new GatherPrompt("*", 6, TimeSpan.FromSeconds(8)), Arg.Any<CancellationToken>());
    }

    [Test]
    public async Task An_observer_sees_every_event_as_it_happens()
    {
        Incoming("<Say>Hello.</Say><Gather action=\"/voice/pin\"/>");
        harness.Gateway.Twiml("/voice/pin", TwimlText.Response("<Hangup/>"));
        var observer = Substitute.For<ICallObserver>();

        var result = await harness.Simulator.DialAsync(harness.Options, new ScriptedKeypad("1#"), observer);

        Assert.That(result.Events, Has.Count.EqualTo(6));
        Received.InOrder(() =>
        {
            foreach (var callEvent in result.Events)
            {
                observer.OnEvent(callEvent);
            }
        });
    }
}
