using System.Globalization;
using IvrGateway.Scheduling.Invitations;

namespace IvrGateway.Tests.Scheduling.Invitations;

/// <summary>The invitee's own time beside the organizer's: when a second line is written, and what it says in each language.</summary>
public sealed class InvitationTimesTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    // Wednesday 17 June 2099, 21:00 in New York (EDT, -4): 01:00 UTC on the 18th, 03:00 on Thursday the 18th in Madrid (CEST, +2).
    private static readonly DateTimeOffset Start = new(2099, 6, 17, 21, 0, 0, TimeSpan.FromHours(-4));
    private static readonly DateTimeOffset Opens = Start.AddMinutes(-15);

    private static InvitationTimes Times(string? inviteeZone, string locale = "en-US") => new(NewYork, "America/New_York", inviteeZone, locale, Start, Opens);

    // The same formatter the message uses, fed a wall-clock time worked out by hand, so the test checks the conversion.
    private static string At(int day, int hour, int minute, string locale = "en-US") =>
        new DateTime(2099, 6, day, hour, minute, 0).ToString("f", CultureInfo.GetCultureInfo(locale));

    [Test]
    public void An_invitee_in_madrid_reads_a_nine_pm_new_york_start_as_three_am_the_next_day()
    {
        var times = Times("Europe/Madrid");

        Assert.Multiple(() =>
        {
            Assert.That(times.When(Start, 30), Is.EqualTo(new[]
            {
                $"When: {At(17, 21, 0)} (America/New_York), 30 minutes",
                $"In your time zone: {At(18, 3, 0)} (Europe/Madrid)",
            }));
            Assert.That(times.Opens(Opens), Is.EqualTo(new[]
            {
                $"The code opens at {At(17, 20, 45)} (America/New_York).",
                $"In your time zone the code opens at {At(18, 2, 45)} (Europe/Madrid).",
            }));
            Assert.That(At(18, 3, 0), Does.StartWith("Thursday, June 18, 2099"));
            Assert.That(times.ReaderTime(Start), Is.EqualTo(new DateTime(2099, 6, 18, 3, 0, 0).ToString("t", CultureInfo.GetCultureInfo("en-US"))));
        });
    }

    [Test]
    public void A_spanish_speaking_invitee_reads_both_lines_in_spanish()
    {
        var times = Times("Europe/Madrid", "es-US");

        Assert.Multiple(() =>
        {
            Assert.That(times.When(Start, 45), Is.EqualTo(new[]
            {
                $"Cuándo: {At(17, 21, 0, "es-US")} (America/New_York), 45 minutos",
                $"En su zona horaria: {At(18, 3, 0, "es-US")} (Europe/Madrid)",
            }));
            Assert.That(times.Opens(Opens), Is.EqualTo(new[]
            {
                $"El código se abre a las {At(17, 20, 45, "es-US")} (America/New_York).",
                $"En su zona horaria, el código se abre a las {At(18, 2, 45, "es-US")} (Europe/Madrid).",
            }));
            Assert.That(At(18, 3, 0, "es-US"), Does.Contain("18 de junio de 2099"));
        });
    }

    [TestCase(null)]
    [TestCase("America/New_York")]
    [TestCase("America/Toronto")]
    [TestCase("Not/A_Zone")]
    public void An_invitee_without_a_zone_or_with_a_clock_that_reads_the_same_gets_the_one_line_of_before(string? inviteeZone)
    {
        var times = Times(inviteeZone);

        Assert.Multiple(() =>
        {
            Assert.That(times.InviteeZone, Is.Null);
            Assert.That(times.When(Start, 30), Is.EqualTo(new[] { $"When: {At(17, 21, 0)} (America/New_York), 30 minutes" }));
            Assert.That(times.Opens(Opens), Is.EqualTo(new[] { $"The code opens at {At(17, 20, 45)}." }));
            Assert.That(times.InYourZone(Start), Is.Null);
            Assert.That(times.ReaderTime(Start), Is.EqualTo(new DateTime(2099, 6, 17, 21, 0, 0).ToString("t", CultureInfo.GetCultureInfo("en-US"))));
        });
    }
}
