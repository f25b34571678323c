using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace IvrGateway.IntegrationTests.Organizers;

public sealed class ContactTests : ApplicationFixture<IvrApplication>
{
    [Test]
    public async Task Contacts_are_listed_by_name_with_phone_numbers_in_E164()
    {
        var organizer = await app.NewOrganizerAsync();
        await organizer.AddContactAsync("Zoe Zimmer", "+1 202 555 0199");
        await organizer.AddContactAsync("Alice Archer", "+49 30 901820");

        var contacts = await organizer.Http.GetFromJsonAsync<List<ContactDto>>("/api/v1/me/contacts", IvrApplication.Json);

        Assert.That(contacts!.Select(c => c.Name), Is.EqualTo(new[] { "Alice Archer", "Zoe Zimmer" }));
        Assert.That(contacts!.Select(c => c.Phone), Is.EqualTo(new[] { "+4930901820", "+12025550199" }));
    }

    [Test]
    public async Task One_organizer_never_sees_anothers_address_book()
    {
        var alice = await app.NewOrganizerAsync("Alice");
        var bob = await app.NewOrganizerAsync("Bob");
        await alice.AddContactAsync("Secret Contact");

        var bobs = await bob.Http.GetFromJsonAsync<List<ContactDto>>("/api/v1/me/contacts", IvrApplication.Json);

        Assert.That(bobs, Is.Empty);
    }

    [Test]
    public async Task A_bad_phone_number_is_refused_and_nothing_is_stored()
    {
        var organizer = await app.NewOrganizerAsync();
        var before = TestRedis.Snapshot(app.KeyPrefix);

        var response = await organizer.Http.PostAsJsonAsync("/api/v1/me/contacts", new { name = "Pat", email = "pat@example.com", phone = "555-not-a-number" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.TryGetProperty("phone", out _), Is.True);
        Assert.That(TestRedis.Snapshot(app.KeyPrefix), Is.EqualTo(before));
    }

    [Test]
    public async Task Admin_and_ops_keys_have_no_address_book()
    {
        var response = await app.Ops().GetAsync("/api/v1/me/contacts");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
