using IvrGateway.Simulator.Twilio;

namespace IvrGateway.Simulator.Tests.Twilio;

public sealed class TwilioSidsTests
{
    [Test]
    public void Sids_are_a_prefix_and_32_lowercase_hex_digits() =>
        Assert.Multiple(() =>
        {
            Assert.That(TwilioSids.NewCallSid(), Does.Match("^CA[0-9a-f]{32}$"));
            Assert.That(TwilioSids.NewAccountSid(), Does.Match("^AC[0-9a-f]{32}$"));
            Assert.That(TwilioSids.NewConferenceSid(), Does.Match("^CF[0-9a-f]{32}$"));
        });

    [TestCase("CA0123456789abcdef0123456789ABCDEF", true)]
    [TestCase("CA0123456789abcdef0123456789abcde", false)]
    [TestCase("CF0123456789abcdef0123456789abcdef", false)]
    [TestCase("CA0123456789abcdef0123456789abcdeg", false)]
    public void A_call_sid_is_recognised(string text, bool valid) =>
        Assert.That(TwilioSids.IsCallSid(text), Is.EqualTo(valid));
}
