using IvrGateway.Voice;
using Twilio.TwiML;
using Twilio.TwiML.Voice;

namespace IvrGateway.Tests.Voice;

public sealed class FinalAnswerTests
{
    [Test]
    public void A_goodbye_as_twilio_renders_it_ends_the_call()
    {
        var goodbye = new VoiceResponse();
        goodbye.Say("Too many incorrect codes <Dial> were entered. Goodbye.");
        goodbye.Hangup();

        Assert.That(FinalAnswerFilter.EndsCall(goodbye.ToString()), Is.True, "escaped prompt text is not a Dial");
    }

    [Test]
    public void A_bridge_that_hangs_up_after_the_conference_does_not_end_the_call_now()
    {
        var bridge = new VoiceResponse();
        bridge.Say("Joining.");
        var dial = new Dial();
        dial.Conference("meeting-1");
        bridge.Append(dial);
        bridge.Hangup();

        Assert.That(FinalAnswerFilter.EndsCall(bridge.ToString()), Is.False);
    }

    [Test]
    public void A_question_does_not_end_the_call()
    {
        var ask = new VoiceResponse();
        ask.Gather(action: new Uri("/voice/step/accessCode", UriKind.Relative)).Say("Enter your code.");

        Assert.Multiple(() =>
        {
            Assert.That(FinalAnswerFilter.EndsCall(ask.ToString()), Is.False);
            Assert.That(FinalAnswerFilter.EndsCall("<Response><Hangup/></Response>\n"), Is.True);
            Assert.That(FinalAnswerFilter.EndsCall("<Response><Hangup/><Say>after</Say></Response>"), Is.False);
            Assert.That(FinalAnswerFilter.EndsCall("not xml"), Is.False);
        });
    }
}
