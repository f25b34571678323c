using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace IvrGateway.IntegrationTests.Portal;

/// <summary>The address book's time zone field: chosen, listed, kept on edit, cleared; an odd value shown next to the field; the CSV column.</summary>
public sealed class ContactTimeZonePageTests : ApplicationFixture<IvrApplication>
{
    // Every test signs in from the same (test server) address: more than the sign-in limit allows one address.
    protected override IvrApplication CreateApplication() => new(new() { ["RateLimits:SignInPerAddress:PermitLimit"] = "1000" });

    private const string Book = "/portal/contacts";

    private sealed record ContactJson(string Id, string Name, string Email, string? Phone, string? Locale, string? TimeZone);

    private static async Task<List<ContactJson>> BookAsync(TestOrganizer organizer) =>
        (await organizer.Http.GetFromJsonAsync<List<ContactJson>>("/api/v1/me/contacts", IvrApplication.Json))!;

    [Test]
    public async Task A_time_zone_chosen_in_the_form_is_stored_shown_in_the_list_selected_on_edit_and_cleared_by_not_set()
    {
        var organizer = await app.NewOrganizerAsync("Zelda Zones");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        var form = await portal.GetPageAsync(Book + "/new");

        using var added = await portal.PostFormAsync(Book + "/new",
            new() { ["Name"] = "Lucía López", ["Email"] = "lucia@example.com", ["Locale"] = "es-US", ["TimeZone"] = "Europe/Madrid" });
        var list = WebUtility.HtmlDecode(await portal.GetPageAsync(Book));
        var lucia = (await BookAsync(organizer)).Single();
        var edit = await portal.GetPageAsync($"{Book}/{lucia.Id}/edit");
        using var cleared = await portal.PostFormAsync($"{Book}/{lucia.Id}/edit",
            new() { ["Name"] = "Lucía López", ["Email"] = "lucia@example.com", ["Locale"] = "es-US", ["TimeZone"] = "" });
        var afterClear = (await BookAsync(organizer)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(form, Does.Contain("<label for=\"timeZone\">Their time zone (optional)</label>"));
            Assert.That(form, Does.Contain("<option value=\"\" selected=\"selected\">Not set</option>"), "a new contact starts without a zone");
            Assert.That(form, Does.Contain("aria-describedby=\"timeZone-help\""));
            Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(lucia.TimeZone, Is.EqualTo("Europe/Madrid"));
            Assert.That(list, Does.Contain("<td>Europe/Madrid</td>"));
            Assert.That(edit, Does.Contain("<option value=\"Europe/Madrid\" selected=\"selected\">Europe/Madrid</option>"));
            Assert.That(cleared.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(afterClear, Is.EqualTo(lucia with { TimeZone = null }));
        });
    }

    [Test]
    public async Task A_zone_saved_through_the_api_that_the_list_leaves_out_is_offered_and_kept_when_the_contact_is_edited()
    {
        var organizer = await app.NewOrganizerAsync("Ezra Etc");
        using var created = await organizer.Http.PostAsJsonAsync("/api/v1/me/contacts", new { name = "Gus Gmt", email = "gus@example.com", timeZone = "Etc/GMT+5" });
        var gus = (await created.Content.ReadFromJsonAsync<ContactJson>(IvrApplication.Json))!;
        using var portal = await PortalClient.SignInAsync(app, organizer);

        var edit = await portal.GetPageAsync($"{Book}/{gus.Id}/edit");
        using var saved = await portal.PostFormAsync($"{Book}/{gus.Id}/edit",
            new() { ["Name"] = "Gus Green", ["Email"] = "gus@example.com", ["Locale"] = "en-US", ["TimeZone"] = "Etc/GMT+5" });

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(edit, Does.Contain("<option value=\"Etc/GMT&#x2B;5\" selected=\"selected\">Etc/GMT&#x2B;5</option>"));
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await BookAsync(organizer)).Single(), Is.EqualTo(gus with { Name = "Gus Green", Locale = "en-US" }));
    }

    [TestCase("Mars/Olympus_Mons")]
    [TestCase("Romance Standard Time")]
    [TestCase("../../../../etc/passwd")]
    [TestCase("<script>alert(1)</script>")]
    [TestCase("Europe/Madrid/")]
    public async Task An_odd_time_zone_is_shown_next_to_its_field_on_add_and_edit_never_a_500_and_nothing_is_stored(string zone)
    {
        var organizer = await app.NewOrganizerAsync("Otto Odd");
        var kept = await organizer.AddContactAsync("Kept Contact");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        await portal.GetPageAsync(Book + "/new");
        var before = TestRedis.Snapshot(app.KeyPrefix);
        var fields = new Dictionary<string, string> { ["Name"] = "Pat Smith", ["Email"] = "pat@example.com", ["Locale"] = "en-US", ["TimeZone"] = zone };

        foreach (var path in new[] { Book + "/new", $"{Book}/{kept.Id}/edit" })
        {
            using var response = await portal.PostFormAsync(path, fields);
            var raw = await response.Content.ReadAsStringAsync();
            var html = WebUtility.HtmlDecode(raw);
            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
                Assert.That(SettingsForms.Element(html, "timeZone-error"), Is.EqualTo("Choose a time zone from the list, or none."), path);
                Assert.That(html, Does.Contain("<li><a href=\"#timeZone\">Choose a time zone from the list, or none.</a></li>"), "the summary links to the field");
                Assert.That(raw, Does.Contain("aria-invalid=\"true\" aria-describedby=\"timeZone-error timeZone-help\""));
                Assert.That(raw, Does.Not.Contain("<script>alert(1)"), "the value is never echoed as markup");
            });
        }
        Assert.That(TestRedis.Snapshot(app.KeyPrefix), Is.EqualTo(before));
    }

    [Test]
    public async Task A_zone_with_a_nul_byte_is_refused_as_every_portal_form_refuses_one_never_a_500_and_nothing_is_stored()
    {
        var organizer = await app.NewOrganizerAsync("Nul Nadia");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        await portal.GetPageAsync(Book + "/new");
        var before = TestRedis.Snapshot(app.KeyPrefix);

        using var response = await portal.PostFormAsync(Book + "/new",
            new() { ["Name"] = "Pat Smith", ["Email"] = "pat@example.com", ["Locale"] = "en-US", ["TimeZone"] = "Europe/Madrid\0" });

        Assert.That((int)response.StatusCode, Is.EqualTo(400).Or.EqualTo(200));
        Assert.That(TestRedis.Snapshot(app.KeyPrefix), Is.EqualTo(before));
    }

    [Test]
    public async Task An_imported_row_with_a_bad_time_zone_is_reported_by_line_and_the_other_rows_keep_their_zones()
    {
        var organizer = await app.NewOrganizerAsync("Ivo Import");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        var csv = string.Join("\r\n",
            "name,email,TimeZone",
            "Lucía López,lucia@example.com,Europe/Madrid",
            "Mars Man,mars@example.com,Mars/Olympus_Mons",
            "Bob Baker,bob@example.com,",
            "Win Dows,win@example.com,Eastern Standard Time") + "\r\n";

        using var response = await portal.UploadAsync(Book + "/import", Encoding.UTF8.GetBytes(csv));
        var html = await response.HtmlAsync();
        var contacts = await BookAsync(organizer);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(SettingsForms.Element(html, "import-summary"), Is.EqualTo("2 added, 2 rows with errors"));
            Assert.That(html, Does.Contain("<tr><td>3</td><td>bad time zone: Mars/Olympus_Mons is not an IANA time zone such as Europe/Madrid</td></tr>"));
            Assert.That(html, Does.Contain("<tr><td>5</td><td>bad time zone: Eastern Standard Time is not an IANA time zone such as Europe/Madrid</td></tr>"));
            Assert.That(contacts.Select(c => (c.Name, c.TimeZone)), Is.EquivalentTo(new (string, string?)[] { ("Lucía López", "Europe/Madrid"), ("Bob Baker", null) }));
        });
    }
}
