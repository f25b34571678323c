using System.Globalization;
using IvrGateway.Voice.Flow;
using IvrGateway.Voice.State;
using IvrGateway.Voice.Twiml;

namespace IvrGateway.Tests.Voice;

/// <summary>The webhook path's shortcuts (kept text, skipped parses) must answer exactly what the long way answers.</summary>
public sealed class RenderedAnswerTests
{
    private static readonly FlowLocale Locale = new("en", "en-US", "Polly.Joanna", CultureInfo.GetCultureInfo("en-US"), "h:mm tt", "dddd, MMMM d",
        new Dictionary<string, string>
        {
            ["welcome"] = "Welcome & hello.",
            ["enterCode"] = "Enter your <access> code, then press pound.",
            ["unknownCode"] = "That code is not known.",
        });

    private static readonly FlowStep AccessCode = new("accessCode", StepType.AccessCode, "enterCode", 3, 8, "#", new Dictionary<string, string>());

    private static readonly string[][] Prompts = [["welcome"], ["unknownCode"], []];

    [Test]
    public void A_kept_question_is_the_document_twilio_renders_for_every_route_and_attempt()
    {
        foreach (var (shard, verified, attempt) in new[] { (0, false, 0), (3, false, 1), (3, true, 2), (15, false, 19) })
        {
            var caller = new CallerIdentity("+15551230000", verified, shard, "+15557650000");
            foreach (var publicBase in new[] { "https://meet.example.com", "http://127.0.0.1:5080" })
            {
                var twiml = new CallTwiml(Locale, new VoiceUrls(publicBase, caller, "accessCode", attempt));
                foreach (var before in Prompts)
                {
                    var expected = twiml.Ask(AccessCode, null, null, before).ToString();
                    Assert.That(twiml.AskXml(AccessCode, before), Is.EqualTo(expected), "first, rendered");
                    Assert.That(twiml.AskXml(AccessCode, before), Is.EqualTo(expected), "again, from what was kept");
                }
            }
        }
    }

    [Test]
    public void Questions_for_different_routes_are_never_mixed_up()
    {
        var first = new CallTwiml(Locale, new VoiceUrls("https://meet.example.com", new CallerIdentity("+15551230000", false, 1, "+15557650000"), "accessCode", 1));
        var other = new CallTwiml(Locale, new VoiceUrls("https://meet.example.com", new CallerIdentity("+15551230000", true, 2, "+15557650000"), "accessCode", 1));

        Assert.Multiple(() =>
        {
            Assert.That(first.AskXml(AccessCode, "unknownCode"), Does.Contain("s=1&amp;c=u&amp;n=2"));
            Assert.That(other.AskXml(AccessCode, "unknownCode"), Does.Contain("s=2&amp;c=v&amp;n=2"));
        });
    }

    [Test]
    public void An_unattested_caller_is_named_and_placed_as_before_without_a_parse()
    {
        var shards = new CallShards(16);
        // Digits-only E.164 (possible or not), another shape that libphonenumber normalizes, and no number at all.
        var plain = CallerIdentity.Of("+15551234567", "TN-Validation-Passed-B", "+15557650000", shards);
        var impossible = CallerIdentity.Of("+12", null, "+15557650000", shards);
        var spaced = CallerIdentity.Of("+1 555 123 4567", null, "+15557650000", shards);
        var anonymous = CallerIdentity.Of("anonymous", null, "+15557650000", shards);

        Assert.Multiple(() =>
        {
            Assert.That(plain, Is.EqualTo(new CallerIdentity("+15551234567", false, shards.For("+15557650000"), "+15557650000")));
            Assert.That(impossible, Is.EqualTo(new CallerIdentity("+12", false, shards.For("+15557650000"), "+15557650000")));
            Assert.That(spaced, Is.EqualTo(new CallerIdentity("+15551234567", false, shards.For("+15557650000"), "+15557650000")));
            Assert.That(anonymous.BudgetKey, Is.EqualTo("u:anonymous"));
        });
    }

    [Test]
    public void An_attested_caller_is_still_parsed_and_an_impossible_number_is_not_verified()
    {
        var shards = new CallShards(16);
        var attested = CallerIdentity.Of("+1 555 123 4567", CallerIdentity.FullAttestation, "+15557650000", shards);
        var impossible = CallerIdentity.Of("+12", CallerIdentity.FullAttestation, "+15557650000", shards);

        Assert.Multiple(() =>
        {
            Assert.That(attested, Is.EqualTo(new CallerIdentity("+15551234567", true, shards.For("+15551234567"), "+15557650000")));
            Assert.That(impossible.Verified, Is.False);
            Assert.That(impossible.Shard, Is.EqualTo(shards.For("+15557650000")));
        });
    }
}
