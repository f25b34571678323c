using IvrGateway.Codes;
using Microsoft.Extensions.Options;

namespace IvrGateway.Tests.Codes;

public sealed class SecretHasherTests
{
    private static SecretHasher Hasher(string secret) =>
        new(Options.Create(new CodeSecretOptions { CodeSecret = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(secret)) }));

    [Test]
    public void The_same_code_hashes_the_same_way_on_every_node()
    {
        var one = Hasher("a-server-secret-of-at-least-32-bytes!!");
        var two = Hasher("a-server-secret-of-at-least-32-bytes!!");

        Assert.That(one.SlotId("1234567890"), Is.EqualTo(two.SlotId("1234567890")));
    }

    [Test]
    public void Without_the_secret_a_hash_cannot_be_recomputed()
    {
        var ours = Hasher("a-server-secret-of-at-least-32-bytes!!");
        var theirs = Hasher("another-secret-of-at-least-32-bytes!!!");

        Assert.That(ours.SlotId("1234567890"), Is.Not.EqualTo(theirs.SlotId("1234567890")));
    }

    [Test]
    public void Equal_digits_hash_differently_in_different_meetings_and_roles()
    {
        var hasher = Hasher("a-server-secret-of-at-least-32-bytes!!");

        var values = new[]
        {
            hasher.Passcode("meeting-a", "482913"),
            hasher.Passcode("meeting-b", "482913"),
            hasher.HostPin("org_a", "482913"),
            hasher.HostPin("org_b", "482913"),
            hasher.SlotId("482913"),
        };

        Assert.That(values, Is.Unique);
    }
}
