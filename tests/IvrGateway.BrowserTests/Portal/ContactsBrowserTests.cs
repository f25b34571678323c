using System.Text;
using Microsoft.Playwright;

namespace IvrGateway.BrowserTests.Portal;

[CancelAfter(90_000)]
public sealed class ContactsBrowserTests : PortalTest
{
    private sealed record ContactJson(string Id, string Name, string Email, string? Phone, string? Locale, string? TimeZone);

    [Test]
    public async Task An_organizer_edits_the_address_book_and_imports_a_csv_with_a_bad_row()
    {
        var organizer = await PortalBrowser.SignInNewOrganizerAsync(Page, "Addie Addressbook", Token);

        await Page.GetByRole(AriaRole.Link, new() { Name = "Address book" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Address book");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Add a contact" }).ClickAsync();
        await Page.GetByLabel("Name").FillAsync("Alice Archer");
        await Page.GetByLabel("Email").FillAsync("alice@example.com");
        await Page.GetByLabel("Phone (optional)").FillAsync("+1 (202) 555-0101");
        await Assertions.Expect(Page.GetByLabel("Their time zone (optional)")).ToHaveValueAsync("");
        await Page.GetByLabel("Their time zone (optional)").SelectOptionAsync("Europe/Madrid");
        await Screens.SaveAsync(Page, "portal-contacts-new-time-zone", "adding a contact with their own time zone");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add contact" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Alice Archer was added");
        await Assertions.Expect(Page.GetByRole(AriaRole.Row, new() { Name = "Alice Archer" })).ToContainTextAsync("+1 202-555-0101");
        await Assertions.Expect(Page.GetByRole(AriaRole.Row, new() { Name = "Alice Archer" })).ToContainTextAsync("Europe/Madrid");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Edit Alice Archer" }).ClickAsync();
        await Assertions.Expect(Page.GetByLabel("Their time zone (optional)")).ToHaveValueAsync("Europe/Madrid");
        await Page.GetByLabel("Name").FillAsync("Alicia Archer");
        await Page.GetByLabel("Language of their mail").SelectOptionAsync("es-US");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save contact" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Row, new() { Name = "Alicia Archer" })).ToContainTextAsync("Español (US)");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Import a CSV file" }).ClickAsync();
        var csv = "name,email,phone,locale,timeZone\r\nBob Baker,bob@example.com,+12025550102,en-US,\r\nCarol Chen,carol@example,+12025550103,,\r\n\"Díaz, Dana\",dana@example.com,,es-US,America/Mexico_City\r\nAlicia Again,ALICE@example.com,,,\r\nEd Earth,ed@example.com,,,Mars/Olympus_Mons\r\n";
        await Page.GetByLabel("CSV file", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "contacts.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#import-summary")).ToHaveTextAsync("2 added, 3 rows with errors");
        await Assertions.Expect(Page.GetByRole(AriaRole.Row, new() { Name = "3 bad email" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Row, new() { Name = "5 duplicate email" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Row, new() { Name = "6 bad time zone" })).ToBeVisibleAsync();
        await Screens.SaveAsync(Page, "portal-contacts-import-report", "the import report: two rows added, three with errors by line");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Back to the address book" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Table)).ToContainTextAsync("Díaz, Dana");
        await Assertions.Expect(Page.GetByRole(AriaRole.Row, new() { Name = "Díaz, Dana" })).ToContainTextAsync("America/Mexico_City");
        await Screens.SaveAsync(Page, "portal-contacts", "the address book after editing and importing");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Delete Bob Baker" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Delete Bob Baker?");
        await Screens.SaveAsync(Page, "portal-contacts-delete-confirm", "the confirm step before deleting a contact");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete contact" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Bob Baker was deleted");

        var contacts = await organizer.Api.SendAsync<List<ContactJson>>(HttpMethod.Get, "/api/v1/me/contacts", organizer.Account.ApiKey, null, Token);
        Assert.Multiple(() =>
        {
            Assert.That(contacts.Select(c => c.Name), Is.EqualTo(new[] { "Alicia Archer", "Díaz, Dana" }));
            Assert.That(contacts[0].Phone, Is.EqualTo("+12025550101"));
            Assert.That(contacts[0].Locale, Is.EqualTo("es-US"));
            Assert.That(contacts.Select(c => c.TimeZone), Is.EqualTo(new[] { "Europe/Madrid", "America/Mexico_City" }));
            Assert.That(ScriptErrors, Is.Empty);
        });
    }

    [Test]
    public async Task A_file_that_is_not_a_csv_is_refused_with_a_message_next_to_the_field()
    {
        await PortalBrowser.SignInNewOrganizerAsync(Page, "Jude Junk", Token);
        await PortalBrowser.GotoAsync(Page, "/portal/contacts/import");

        await Page.GetByLabel("CSV file", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "photo.csv", MimeType = "text/csv", Buffer = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF, 0xFE] });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();

        await Assertions.Expect(Page.Locator("#file-error")).ToContainTextAsync("not a CSV text file");
        await Assertions.Expect(Page.GetByLabel("CSV file", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Screens.SaveAsync(Page, "portal-contacts-import-refused", "a binary file refused by the import");
    }

    [Test]
    public async Task A_time_zone_the_list_does_not_offer_is_shown_next_to_the_field_and_the_contact_is_not_added()
    {
        var organizer = await PortalBrowser.SignInNewOrganizerAsync(Page, "Odile Odd", Token);
        await PortalBrowser.GotoAsync(Page, "/portal/contacts/new");
        await Page.GetByLabel("Name").FillAsync("Ed Earth");
        await Page.GetByLabel("Email").FillAsync("ed@example.com");
        // What a tampered form would post: an option the page never offered.
        await Page.EvaluateAsync("() => document.getElementById('timeZone').add(new Option('Mars/Olympus_Mons', 'Mars/Olympus_Mons', true, true))");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add contact" }).ClickAsync();

        await Assertions.Expect(Page.Locator("#timeZone-error")).ToHaveTextAsync("Choose a time zone from the list, or none.");
        await Assertions.Expect(Page.GetByLabel("Their time zone (optional)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(Page.GetByLabel("Their time zone (optional)")).ToHaveAttributeAsync("aria-describedby", "timeZone-error timeZone-help");
        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("There is a problem");
        await Assertions.Expect(Page.GetByLabel("Name")).ToHaveValueAsync("Ed Earth");
        await Screens.SaveAsync(Page, "portal-contacts-time-zone-error", "a time zone the list does not offer, refused next to the field");
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Choose a time zone from the list, or none." })).ToHaveAttributeAsync("href", "#timeZone");

        var contacts = await organizer.Api.SendAsync<List<ContactJson>>(HttpMethod.Get, "/api/v1/me/contacts", organizer.Account.ApiKey, null, Token);
        Assert.That(contacts, Is.Empty);
        Assert.That(ScriptErrors, Is.Empty);
    }
}
