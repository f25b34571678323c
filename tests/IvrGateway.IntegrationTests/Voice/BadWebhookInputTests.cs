namespace IvrGateway.IntegrationTests.Voice;

/// <summary>Whatever arrives, the caller hears valid TwiML: a retry or a polite end, never a 5xx.</summary>
public sealed class BadWebhookInputTests : ApplicationFixture<IvrApplication>
{
    [TestCase("12ab34#")]
    [TestCase("##")]
    [TestCase("123#")]
    [TestCase("**#")]
    public async Task Digits_that_are_not_a_code_get_a_retry(string keys)
    {
        var call = new VoiceCall(app);
        await call.DialAsync();

        var answer = await call.PressAsync(keys);

        Assert.That(answer.Gather, Is.Not.Null);
    }

    [Test]
    public async Task Five_thousand_digits_get_a_retry_and_store_nothing_but_the_attempt()
    {
        var call = new VoiceCall(app, from: "+12025550601");
        await call.DialAsync();

        var answer = await call.PressAsync(new string('7', 5000) + "#");

        Assert.That(answer.Said[0], Is.EqualTo("That code doesn't look right."));
        var stored = string.Join("\n", TestRedis.Snapshot(app.KeyPrefix).Values);
        Assert.That(stored, Does.Not.Contain(new string('7', 20)));
    }

    [Test]
    public async Task A_request_without_a_call_sid_is_ended_politely()
    {
        var call = new VoiceCall(app);
        var fields = call.Fields("ringing");
        fields.Remove("CallSid");

        var answer = await call.SendAsync("http://localhost/voice/incoming", fields, token: null);

        Assert.That(answer.Said.Single(), Does.StartWith("We're sorry"));
        Assert.That(answer.HangsUp, Is.True);
    }

    [Test]
    public async Task A_malformed_call_sid_is_ended_politely()
    {
        var call = new VoiceCall(app);
        var fields = call.Fields("ringing");
        fields["CallSid"] = "CA-not-a-sid";

        var answer = await call.SendAsync("http://localhost/voice/incoming", fields, token: null);

        Assert.That(answer.HangsUp, Is.True);
    }

    [Test]
    public async Task Missing_from_and_to_still_get_the_greeting()
    {
        var call = new VoiceCall(app);
        var fields = call.Fields("ringing");
        fields.Remove("From");
        fields.Remove("To");

        var answer = await call.SendAsync("http://localhost/voice/incoming", fields, token: null);

        Assert.That(answer.Gather, Is.Not.Null);
    }

    [Test]
    public async Task An_unknown_call_sid_on_a_later_step_is_ended_politely()
    {
        var call = new VoiceCall(app);

        var answer = await call.PostDigitsAsync("http://localhost/voice/step/accessCode", VoiceScenarios.UnissuedCode());

        Assert.That(answer.Said.Single(), Does.StartWith("We're sorry"));
        Assert.That(answer.HangsUp, Is.True);
    }

    [Test]
    public async Task A_step_called_out_of_order_is_ended_politely_and_admits_nobody()
    {
        var (_, meeting) = await VoiceScenarios.SharedAsync(app);
        var insider = new VoiceCall(app, from: "+12025550602");
        await insider.DialAsync();
        var passcodeUrl = (await insider.PressAsync(meeting.AccessCode + "#")).GatherAction!;
        var skipper = new VoiceCall(app, from: "+12025550603");
        await skipper.DialAsync();

        var answer = await skipper.PostDigitsAsync(passcodeUrl, "739164");

        Assert.That(answer.Conference, Is.Null, "a caller still at the access code cannot skip to the passcode");
        Assert.That(answer.HangsUp, Is.True);
    }

    [TestCase("http://localhost/voice/step/nosuchstep")]
    [TestCase("http://localhost/voice/step/passcode")]
    [TestCase("http://localhost/voice/step/passcode?a=zz&o=org_x")]
    [TestCase("http://localhost/voice/step/hostPin?a=00000000000000000000000000000000&o=org_aaaaaaaaaaaaaaaa")]
    public async Task A_step_url_the_gateway_never_issued_is_ended_politely(string url)
    {
        var call = new VoiceCall(app);
        await call.DialAsync();

        var answer = await call.PostDigitsAsync(url, "123456");

        Assert.That(answer.Conference, Is.Null);
        Assert.That(answer.HangsUp, Is.True);
    }

    [Test]
    public async Task The_status_callback_for_an_unknown_call_is_accepted()
    {
        var call = new VoiceCall(app);

        var answer = await call.HangUpAsync();

        Assert.That(answer.Root.Elements(), Is.Empty);
    }
}
