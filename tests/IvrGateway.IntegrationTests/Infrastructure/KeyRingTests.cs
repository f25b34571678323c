using System.Net.Http.Json;
using System.Text.Json;

namespace IvrGateway.IntegrationTests.Infrastructure;

/// <summary>Read access to Redis alone reveals no Data Protection key, so no code, passcode or PIN; a node with the code secret reads everything.</summary>
public sealed class KeyRingTests
{
    [Test]
    public async Task The_key_ring_is_encrypted_at_rest_and_a_fresh_node_still_decrypts_with_the_code_secret()
    {
        using var first = new IvrApplication();
        var organizer = await first.NewOrganizerAsync();

        var ring = (await TestRedis.Database.ListRangeAsync($"{first.KeyPrefix}:{{dp}}:keys")).Select(v => v.ToString()).ToList();

        Assert.That(ring, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(ring, Has.All.Contain("<encryptedKey"));
            Assert.That(ring, Has.None.Contain("<masterKey"), "the key material is not stored in clear");
            Assert.That(ring, Has.All.Contain(nameof(IvrGateway.Codes) + ".KeyRingDecryptor"));
        });

        using var fresh = new IvrApplication(keyPrefix: first.KeyPrefix);
        var profile = await fresh.Client(organizer.Account.ApiKey).GetFromJsonAsync<JsonElement>("/api/v1/me");

        Assert.Multiple(() =>
        {
            Assert.That(profile.GetProperty("hostPin").GetString(), Is.EqualTo(organizer.Account.HostPin));
            Assert.That(profile.GetProperty("personalAccessCode").GetString(), Is.EqualTo(organizer.Account.PersonalAccessCode));
        });
    }

    [Test]
    public async Task A_node_with_another_code_secret_cannot_read_the_key_ring()
    {
        using var first = new IvrApplication();
        await first.NewOrganizerAsync();
        var ring = (await TestRedis.Database.ListRangeAsync($"{first.KeyPrefix}:{{dp}}:keys")).Select(v => v.ToString()).ToList();
        var element = System.Xml.Linq.XElement.Parse(ring[0]).Descendants("encryptedKey").Single();
        var other = new IvrGateway.Codes.CodeSecretOptions { CodeSecret = Convert.ToBase64String(new byte[32]) };
        var right = new IvrGateway.Codes.CodeSecretOptions { CodeSecret = IvrApplication.CodeSecret };

        Assert.Multiple(() =>
        {
            Assert.That(() => IvrGateway.Codes.KeyRingEncryption.Decrypt(IvrGateway.Codes.KeyRingEncryption.DeriveKey(other), element),
                Throws.InstanceOf<System.Security.Cryptography.CryptographicException>());
            Assert.That(IvrGateway.Codes.KeyRingEncryption.Decrypt(IvrGateway.Codes.KeyRingEncryption.DeriveKey(right), element).Name.LocalName,
                Is.EqualTo("masterKey"));
        });
    }
}
