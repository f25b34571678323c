using IvrGateway.Simulator.Tests.Support;
using IvrGateway.Simulator.Twiml;

namespace IvrGateway.Simulator.Tests.Twiml;

public sealed class TwimlReaderTests
{
    private static readonly Uri DocumentUrl = new("http://gateway.test:5080/voice/incoming?step=1");

    private static TwimlDocument Read(string verbs, TwimlScope scope = TwimlScope.Call) =>
        TwimlReader.Read(TwimlText.Response(verbs), DocumentUrl, scope);

    private static string Problem(string verbs, TwimlScope scope = TwimlScope.Call) =>
        Assert.Throws<TwimlException>(() => Read(verbs, scope))!.Message;

    [Test]
    public void Gather_takes_Twilio_defaults()
    {
        var gather = (GatherVerb)Read("<Gather><Say>Code?</Say></Gather>").Verbs.Single();

        Assert.Multiple(() =>
        {
            Assert.That(gather.Action, Is.EqualTo(DocumentUrl), "without action it posts back to the document");
            Assert.That(gather.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(gather.Timeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(gather.FinishOnKey, Is.EqualTo("#"));
            Assert.That(gather.NumDigits, Is.Null);
            Assert.That(gather.ActionOnEmptyResult, Is.False);
            Assert.That(gather.Prompts, Is.EqualTo(new[] { new SayVerb("Code?", null, null, 1) }));
        });
    }

    [TestCase("/voice/access-code", "http://gateway.test:5080/voice/access-code")]
    [TestCase("passcode?attempt=2", "http://gateway.test:5080/voice/passcode?attempt=2")]
    [TestCase("https://other.test/x", "https://other.test/x")]
    public void A_relative_action_resolves_against_the_document_url(string action, string expected)
    {
        var gather = (GatherVerb)Read($"<Gather action=\"{action}\"/>").Verbs.Single();

        Assert.That(gather.Action, Is.EqualTo(new Uri(expected)));
    }

    [Test]
    public void Conference_attributes_take_Twilio_defaults()
    {
        var dial = (DialVerb)Read("<Dial><Conference>room-1</Conference></Dial>").Verbs.Single();

        Assert.That(dial.Conference, Is.EqualTo(dial.Conference with
        {
            Room = "room-1",
            ParticipantLabel = null,
            StartConferenceOnEnter = true,
            EndConferenceOnExit = false,
            WaitUrl = null,
            Beep = "true",
            StatusCallback = null,
        }));
        Assert.Multiple(() =>
        {
            Assert.That(dial.Conference.WaitMethod, Is.EqualTo(HttpMethod.Post));
            Assert.That(dial.Conference.StatusCallbackMethod, Is.EqualTo(HttpMethod.Post));
            Assert.That(dial.Conference.StatusCallbackEvents, Is.Empty);
        });
    }

    [Test]
    public void Say_text_includes_ssml_children() =>
        Assert.That(((SayVerb)Read("<Say voice=\"Polly.Joanna\" language=\"en-US\">Hello <break time=\"1s\"/>there</Say>").Verbs.Single()).Text,
            Is.EqualTo("Hello there"));

    [TestCase("<Gather><Dial><Conference>r</Conference></Dial></Gather>", "<Dial> is not allowed inside <Gather>")]
    [TestCase("<Gather><Redirect>/x</Redirect></Gather>", "<Redirect> is not allowed inside <Gather>")]
    [TestCase("<Gather><Gather/></Gather>", "<Gather> is not allowed inside <Gather>")]
    [TestCase("<Gather><Play digits=\"1\"/></Gather>", "<Play digits> is not allowed inside <Gather>")]
    [TestCase("<Conference>room</Conference>", "<Conference> is only allowed inside <Dial>")]
    [TestCase("<Dial><Hangup/></Dial>", "<Hangup> is not allowed inside <Dial>")]
    [TestCase("<Say>hi<Hangup/></Say><Redirect>/x<Hangup/></Redirect>", "<Hangup> is not allowed inside <Redirect>")]
    [TestCase("<Hangup><Say>bye</Say></Hangup>", "<Say> is not allowed inside <Hangup>")]
    [TestCase("<Dial><Conference>a</Conference><Conference>b</Conference></Dial>", "only one <Conference>")]
    [TestCase("<say>hi</say>", "<say> is not a TwiML verb")]
    [TestCase("<Gather finishOnKey=\"##\"/>", "finishOnKey")]
    [TestCase("<Gather timeout=\"soon\"/>", "timeout")]
    [TestCase("<Gather method=\"PUT\"/>", "GET or POST")]
    [TestCase("<Redirect>ftp://x/y</Redirect>", "not an http(s) URL")]
    [TestCase("<Dial><Conference beep=\"loud\">r</Conference></Dial>", "beep")]
    [TestCase("<Dial><Conference statusCallbackEvent=\"join left\">r</Conference></Dial>", "\"left\"")]
    [TestCase("stray text<Hangup/>", "stray text")]
    public void Twilio_nesting_and_attribute_rules_are_enforced(string verbs, string problem) =>
        Assert.That(Problem(verbs), Does.Contain(problem));

    [Test]
    public void A_participant_label_over_128_characters_is_refused() =>
        Assert.That(Problem($"<Dial><Conference participantLabel=\"{new string('a', 129)}\">r</Conference></Dial>"), Does.Contain("128"));

    [Test]
    public void A_root_other_than_Response_is_refused() =>
        Assert.That(Assert.Throws<TwimlException>(() => TwimlReader.Read("<Reply/>", DocumentUrl, TwimlScope.Call))!.Message,
            Does.Contain("<Reply>, not <Response>"));

    [Test]
    public void A_body_that_is_not_xml_is_refused() =>
        Assert.That(Assert.Throws<TwimlException>(() => TwimlReader.Read("{\"error\":1}", DocumentUrl, TwimlScope.Call))!.Message,
            Does.Contain("not XML"));

    [Test]
    public void A_wait_document_may_hold_Play_Say_Pause_and_Redirect_only()
    {
        Assert.That(Read("<Say>wait</Say><Play loop=\"0\">http://m.test/a.mp3</Play><Pause/><Redirect>/w</Redirect>", TwimlScope.Wait).Verbs, Has.Count.EqualTo(4));
        Assert.That(Problem("<Gather/>", TwimlScope.Wait), Does.Contain("<Gather> is not allowed in a waitUrl document"));
    }

    [TestCase("<Record/>")]
    [TestCase("<Dial>+15551234567</Dial>")]
    [TestCase("<Dial><Number>+15551234567</Number></Dial>")]
    [TestCase("<Gather input=\"speech\"/>")]
    public void Valid_TwiML_the_simulator_does_not_play_is_marked_unsupported(string verbs) =>
        Assert.That(Assert.Throws<TwimlException>(() => Read(verbs))!.Unsupported, Is.True);
}
