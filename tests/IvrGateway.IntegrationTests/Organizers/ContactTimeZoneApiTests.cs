using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace IvrGateway.IntegrationTests.Organizers;

/// <summary>A contact's optional time zone through the API: stored, listed, replaced and cleared; a bad one refused whole.</summary>
public sealed class ContactTimeZoneApiTests : ApplicationFixture<IvrApplication>
{
    private sealed record ContactJson(string Id, string Name, string Email, string? Phone, string? Locale, string? TimeZone);

    private static async Task<List<ContactJson>> BookAsync(TestOrganizer organizer) =>
        (await organizer.Http.GetFromJsonAsync<List<ContactJson>>("/api/v1/me/contacts", IvrApplication.Json))!;

    [Test]
    public async Task A_contacts_time_zone_is_stored_listed_replaced_by_put_and_cleared_when_a_put_leaves_it_out()
    {
        var organizer = await app.NewOrganizerAsync("Tess Timezone");

        using var post = await organizer.Http.PostAsJsonAsync("/api/v1/me/contacts", new { name = "Lucía López", email = "lucia@example.com", timeZone = "Europe/Madrid" });
        var created = (await post.Content.ReadFromJsonAsync<ContactJson>(IvrApplication.Json))!;
        var listed = await BookAsync(organizer);
        using var put = await organizer.Http.PutAsJsonAsync($"/api/v1/me/contacts/{created.Id}",
            new { name = "Lucía López", email = "lucia@example.com", timeZone = " Asia/Tokyo " });
        var afterPut = await BookAsync(organizer);
        using var clear = await organizer.Http.PutAsJsonAsync($"/api/v1/me/contacts/{created.Id}", new { name = "Lucía López", email = "lucia@example.com" });
        var afterClear = await BookAsync(organizer);
        using var noZone = await organizer.Http.PostAsJsonAsync("/api/v1/me/contacts", new { name = "Bob Baker", email = "bob@example.com" });

        Assert.Multiple(async () =>
        {
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(created.TimeZone, Is.EqualTo("Europe/Madrid"));
            Assert.That(listed.Single().TimeZone, Is.EqualTo("Europe/Madrid"));
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(afterPut.Single().TimeZone, Is.EqualTo("Asia/Tokyo"), "stored in the system's spelling, blanks trimmed");
            Assert.That(clear.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(afterClear.Single().TimeZone, Is.Null, "PUT replaces the whole contact");
            Assert.That((await noZone.Content.ReadFromJsonAsync<ContactJson>(IvrApplication.Json))!.TimeZone, Is.Null);
        });
    }

    [TestCase("\"Mars/Olympus_Mons\"")]
    [TestCase("\"Romance Standard Time\"")]
    [TestCase("\"\"")]
    [TestCase("\"../../../../etc/passwd\"")]
    [TestCase("\"Europe/Madrid\\u0000\"")]
    [TestCase("42")]
    [TestCase("[\"Europe/Madrid\"]")]
    public async Task A_bad_time_zone_on_post_or_put_is_a_400_naming_the_field_and_nothing_is_stored(string zoneJson)
    {
        var organizer = await app.NewOrganizerAsync("Bea Badzone");
        var existing = await organizer.AddContactAsync("Kept Contact");
        var before = TestRedis.Snapshot(app.KeyPrefix);
        var body = $$"""{"name":"Pat Smith","email":"pat@example.com","timeZone":{{zoneJson}}}""";

        using var post = await organizer.Http.PostAsync("/api/v1/me/contacts", new StringContent(body, Encoding.UTF8, "application/json"));
        using var put = await organizer.Http.PutAsync($"/api/v1/me/contacts/{existing.Id}", new StringContent(body, Encoding.UTF8, "application/json"));

        foreach (var response in new[] { post, put })
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.That(errors.EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { "timeZone" }), errors.ToString());
        }
        Assert.That(TestRedis.Snapshot(app.KeyPrefix), Is.EqualTo(before));
        Assert.That((await BookAsync(organizer)).Single(), Is.EqualTo(new ContactJson(existing.Id, "Kept Contact", existing.Email, null, null, null)));
    }

    [Test]
    public async Task The_openapi_document_describes_the_contacts_time_zone()
    {
        var document = await app.Client().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schemas = document.GetProperty("components").GetProperty("schemas");

        Assert.That(schemas.GetProperty("ContactRequest").GetProperty("properties").TryGetProperty("timeZone", out _), Is.True, "what POST and PUT take");
        Assert.That(schemas.GetProperty("Contact").GetProperty("properties").TryGetProperty("timeZone", out _), Is.True, "what the list answers");
    }
}
