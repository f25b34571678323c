using IvrGateway.Simulator.Twilio;

namespace IvrGateway.Simulator.Tests.Twilio;

public sealed class TwilioSignatureTests
{
    [Test]
    public void The_signature_matches_the_test_vector_from_Twilio()
    {
        var fields = new Dictionary<string, string>
        {
            ["To"] = "+18005551212",
            ["From"] = "+14158675310",
            ["Digits"] = "1234",
            ["Caller"] = "+14158675310",
            ["CallSid"] = "CA1234567890ABCDE",
        };

        var signature = new TwilioSignature("12345").Compute("https://example.com/myapp.php?foo=1&bar=2", fields);

        Assert.That(signature, Is.EqualTo("L/OH5YylLD5NRKLltdqwSvS0BnU="));
    }

    [Test]
    public void Fields_are_sorted_by_ordinal_comparison_not_by_culture()
    {
        var fields = new Dictionary<string, string> { ["callback"] = "d", ["Caller"] = "c", ["CallStatus"] = "b", ["CallSid"] = "a" };
        var signer = new TwilioSignature("token");

        // With no fields the signature is over the URL alone, so the expected concatenation can be signed directly.
        var ordinal = signer.Compute("http://x.test/vCallSidaCallStatusbCallerccallbackd", []);
        var culture = signer.Compute("http://x.test/vcallbackdCallercCallSidaCallStatusb", []);

        Assert.Multiple(() =>
        {
            Assert.That(signer.Compute("http://x.test/v", fields), Is.EqualTo(ordinal));
            Assert.That(signer.Compute("http://x.test/v", fields), Is.Not.EqualTo(culture));
        });
    }

    [Test]
    public void An_empty_field_is_part_of_the_signature()
    {
        var signer = new TwilioSignature("token");

        Assert.That(signer.Compute("http://x.test/v", [new("FinishedOnKey", "")]), Is.Not.EqualTo(signer.Compute("http://x.test/v", [])));
    }

    [TestCase("https://example.com:443/voice?a=1#top", "https://example.com/voice?a=1")]
    [TestCase("http://127.0.0.1:5080/voice/incoming", "http://127.0.0.1:5080/voice/incoming")]
    [TestCase("http://example.com:80/v", "http://example.com/v")]
    public void The_signed_url_drops_a_default_port_and_the_fragment(string url, string signed) =>
        Assert.That(TwilioSignature.SignedUrl(new Uri(url)), Is.EqualTo(signed));
}
