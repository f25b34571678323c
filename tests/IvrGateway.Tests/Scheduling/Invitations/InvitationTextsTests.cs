using IvrGateway.Scheduling.Invitations;

namespace IvrGateway.Tests.Scheduling.Invitations;

public sealed class InvitationTextsTests
{
    [Test]
    public void English_and_US_Spanish_are_there() =>
        Assert.That(InvitationTexts.Locales, Is.SupersetOf(new[] { "en-US", "es-US" }));

    [Test]
    public void Every_locale_has_every_sentence_with_the_same_holes()
    {
        var english = SentenceKeys.ToDictionary(k => k, k => Holes(InvitationTexts.Format("en-US", k)));
        Assert.Multiple(() =>
        {
            foreach (var locale in InvitationTexts.Locales)
            {
                foreach (var key in SentenceKeys)
                {
                    Assert.That(InvitationTexts.Defines(locale, key), Is.True, $"{locale} has no {key}");
                    Assert.That(Holes(InvitationTexts.Format(locale, key)), Is.EquivalentTo(english[key]), $"{locale} {key}");
                }
            }
        });
    }

    [TestCase("es-US", "es-US")]
    [TestCase("es-MX", "es-US")]
    [TestCase("en-GB", "en-US")]
    [TestCase("de-DE", "en-US")]
    [TestCase(null, "en-US")]
    public void An_unknown_locale_falls_back_to_its_language_then_english(string? locale, string expected) =>
        Assert.That(InvitationTexts.Resolve(locale), Is.EqualTo(expected));

    [Test]
    public void Holes_are_filled_by_name() =>
        Assert.That(InvitationTexts.Format("en-US", "hostPin", ("pin", "4321")), Is.EqualTo("Host PIN: 4321"));

    [Test]
    public void The_host_one_tap_string_sends_the_code_then_star_and_the_pin() =>
        Assert.That(InvitationComposer.HostOneTapDialString("+15551234567", "1234567890", "4321"), Is.EqualTo("+15551234567,,1234567890*4321#"));

    private static readonly string[] SentenceKeys =
    [
        "subjectInvitation", "subjectUpdate", "subjectCancel", "subjectReminder", "subjectOrganizer", "greeting", "introInvitation", "introUpdate",
        "introCancel", "introReminder", "introOrganizer", "when", "organizer", "join", "dialIn", "oneTap", "accessCode", "passcode", "sharedPasscode",
        "hostPin", "hostOneTap", "opens", "whenYourZone", "opensZone", "opensYourZone", "footer",
    ];

    private static List<string> Holes(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\{[a-z]+\}").Select(m => m.Value).Order(StringComparer.Ordinal).ToList();
}
