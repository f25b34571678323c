using IvrGateway.Infrastructure;
using IvrGateway.Organizers;

namespace IvrGateway.Tests.Organizers;

public sealed class ContactDetailsTests
{
    [TestCase("Europe/Madrid", "Europe/Madrid")]
    [TestCase("  Asia/Kolkata ", "Asia/Kolkata")]
    [TestCase("UTC", "UTC")]
    public void A_contacts_time_zone_is_an_iana_name_in_the_systems_spelling(string typed, string stored) =>
        Assert.That(ContactDetails.ToTimeZone(typed), Is.EqualTo(stored));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("Mars/Olympus_Mons")]
    [TestCase("Romance Standard Time")]
    [TestCase("../../../../etc/passwd")]
    [TestCase("/usr/share/zoneinfo/Europe/Madrid")]
    [TestCase("Europe/Madrid\0")]
    [TestCase("Europe/../Europe/Madrid")]
    [TestCase("<script>alert(1)</script>")]
    public void Anything_else_is_no_time_zone(string? typed) =>
        Assert.That(ContactDetails.ToTimeZone(typed), Is.Null);

    [Test]
    public void A_very_long_value_is_no_time_zone() =>
        Assert.That(ContactDetails.ToTimeZone(new string('a', 5000) + "/" + new string('b', 5000)), Is.Null);

    [Test]
    public void A_contact_is_held_to_the_same_rule_as_the_organizers_profile()
    {
        foreach (var zone in new[] { "Europe/Madrid", "Romance Standard Time", "Nowhere/Special" })
        {
            Assert.That(ContactDetails.ToTimeZone(zone) is null, Is.EqualTo(TimeZones.FindIana(zone) is null), zone);
        }
    }
}
