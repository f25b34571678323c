using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace IvrGateway.IntegrationTests.Organizers;

/// <summary>PATCH /api/v1/me (Settings &gt; Profile), PUT and DELETE /api/v1/me/contacts/{id}.</summary>
public sealed class ProfileAndContactApiTests : ApplicationFixture<IvrApplication>
{
    [Test]
    public async Task Patching_the_profile_changes_only_the_fields_given_and_an_empty_phone_clears_it()
    {
        var organizer = await app.NewOrganizerAsync("Patty Patch");

        using var first = await organizer.Http.PatchAsJsonAsync("/api/v1/me", new { phone = "+1 202 555 0188" });
        var afterPhone = await first.Content.ReadFromJsonAsync<JsonElement>();
        using var second = await organizer.Http.PatchAsJsonAsync("/api/v1/me", new { name = "Patricia Patch", timeZone = "Europe/Berlin" });
        var afterName = await second.Content.ReadFromJsonAsync<JsonElement>();
        using var third = await organizer.Http.PatchAsJsonAsync("/api/v1/me", new { phone = "" });
        var me = await organizer.Http.GetFromJsonAsync<JsonElement>("/api/v1/me");

        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(afterPhone.GetProperty("phone").GetString(), Is.EqualTo("+12025550188"));
            Assert.That(afterPhone.GetProperty("name").GetString(), Is.EqualTo("Patty Patch"));
            Assert.That(afterPhone.GetProperty("hostPin").GetString(), Is.EqualTo(organizer.Account.HostPin), "the answer is the profile, as GET /api/v1/me");
            Assert.That(afterName.GetProperty("name").GetString(), Is.EqualTo("Patricia Patch"));
            Assert.That(afterName.GetProperty("timeZone").GetString(), Is.EqualTo("Europe/Berlin"));
            Assert.That(afterName.GetProperty("phone").GetString(), Is.EqualTo("+12025550188"), "a field left out keeps its value");
            Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(me.GetProperty("phone").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(me.GetProperty("name").GetString(), Is.EqualTo("Patricia Patch"));
        });
    }

    [Test]
    public async Task A_renamed_organizer_is_named_in_its_personal_room()
    {
        var organizer = await app.NewOrganizerAsync("Old Name");

        await organizer.Http.PatchAsJsonAsync("/api/v1/me", new { name = "New Name", timeZone = "America/Chicago" });
        var match = await app.LookupAsync(organizer.Account.PersonalAccessCode);

        var room = TestRedis.Snapshot(app.KeyPrefix).Single(kv => kv.Key.Contains("{a:" + match.SlotId + "}", StringComparison.Ordinal) && kv.Key.EndsWith(":code", StringComparison.Ordinal));

        Assert.That(match.TimeZone, Is.EqualTo("America/Chicago"), "callers too early hear the start in the organizer's time zone");
        Assert.That(room.Value, Does.Contain("New Name"));
    }

    [Test]
    public async Task A_bad_profile_patch_names_every_bad_field_and_stores_nothing()
    {
        var organizer = await app.NewOrganizerAsync("Bart Badpatch");
        var before = TestRedis.Snapshot(app.KeyPrefix);

        using var response = await organizer.Http.PatchAsJsonAsync("/api/v1/me", new { name = "", timeZone = "Eastern Standard Time", phone = "12345" });
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(errors.TryGetProperty("name", out _), Is.True);
            Assert.That(errors.TryGetProperty("timeZone", out _), Is.True, "Windows names are refused");
            Assert.That(errors.TryGetProperty("phone", out _), Is.True);
            Assert.That(TestRedis.Snapshot(app.KeyPrefix), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task An_address_already_in_the_book_is_refused_on_add_and_on_replace_whatever_its_case()
    {
        var organizer = await app.NewOrganizerAsync("Dupe Checker");
        var alice = await organizer.AddContactAsync("Alice Archer");
        var bob = await organizer.AddContactAsync("Bob Baker");

        using var add = await organizer.Http.PostAsJsonAsync("/api/v1/me/contacts", new { name = "Alicia", email = " AliceArcher@Example.com " });
        using var put = await organizer.Http.PutAsJsonAsync($"/api/v1/me/contacts/{bob.Id}", new { name = "Bob", email = "alicearcher@example.com" });
        using var keepOwn = await organizer.Http.PutAsJsonAsync($"/api/v1/me/contacts/{alice.Id}", new { name = "Alice A.", email = "alicearcher@example.com" });
        var book = await organizer.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/contacts");

        Assert.Multiple(async () =>
        {
            Assert.That(add.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await add.Content.ReadAsStringAsync(), Does.Contain("already in your address book"));
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(keepOwn.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a contact keeps its own address");
            Assert.That(book.EnumerateArray().Select(c => c.GetProperty("email").GetString()),
                Is.EquivalentTo(new[] { "alicearcher@example.com", "bobbaker@example.com" }), "nothing stored by the refused calls");
        });
    }

    [Test]
    public async Task A_contact_is_replaced_by_put_and_removed_by_delete_and_then_is_404()
    {
        var organizer = await app.NewOrganizerAsync("Connor Contacts");
        var contact = await organizer.AddContactAsync("Alice Archer");

        using var put = await organizer.Http.PutAsJsonAsync($"/api/v1/me/contacts/{contact.Id}",
            new { name = "Alice Atwood", email = "atwood@example.com", phone = "+44 20 7946 0958", locale = "es-us" });
        var updated = await put.Content.ReadFromJsonAsync<JsonElement>();
        using var badPut = await organizer.Http.PutAsJsonAsync($"/api/v1/me/contacts/{contact.Id}", new { name = "Alice", email = "nope" });
        using var delete = await organizer.Http.DeleteAsync($"/api/v1/me/contacts/{contact.Id}");
        using var again = await organizer.Http.DeleteAsync($"/api/v1/me/contacts/{contact.Id}");
        using var putGone = await organizer.Http.PutAsJsonAsync($"/api/v1/me/contacts/{contact.Id}", new { name = "Alice", email = "alice@example.com" });

        Assert.Multiple(() =>
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(updated.GetProperty("id").GetString(), Is.EqualTo(contact.Id), "the id stays");
            Assert.That(updated.GetProperty("name").GetString(), Is.EqualTo("Alice Atwood"));
            Assert.That(updated.GetProperty("phone").GetString(), Is.EqualTo("+442079460958"));
            Assert.That(updated.GetProperty("locale").GetString(), Is.EqualTo("es-US"));
            Assert.That(badPut.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(putGone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task Settings_security_saved_through_the_api_still_follows_the_one_rule()
    {
        var organizer = await app.NewOrganizerAsync("Rula Rule");

        using var keepsPasscode = await organizer.Http.PutAsJsonAsync("/api/v1/me/security", new { passcodeMode = "none" });
        using var backToShared = await organizer.Http.PutAsJsonAsync("/api/v1/me/security", new { passcodeMode = "shared" });
        var settings = await backToShared.Content.ReadFromJsonAsync<JsonElement>();
        using var weakWithNone = await organizer.Http.PutAsJsonAsync("/api/v1/me/security", new { passcodeMode = "none", sharedPasscode = "1111" });

        Assert.That(keepsPasscode.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(settings.GetProperty("sharedPasscode").GetString(), Is.EqualTo(organizer.Account.PersonalRoomPasscode), "a mode change keeps the stored passcode");
        Assert.That(weakWithNone.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a passcode kept for later must be acceptable too");
    }
}
