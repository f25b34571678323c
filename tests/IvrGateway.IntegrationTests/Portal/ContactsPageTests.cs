using System.Net;
using System.Net.Http.Json;
using System.Text;
using IvrGateway.Organizers;

namespace IvrGateway.IntegrationTests.Portal;

/// <summary>The address book in the portal: add, edit, delete with a confirm step, CSV import with per-row errors; another organizer's contacts do not exist.</summary>
public sealed class ContactsPageTests : ApplicationFixture<IvrApplication>
{
    // Every test signs in from the same (test server) address: more than the sign-in limit allows one address.
    protected override IvrApplication CreateApplication() => new(new() { ["RateLimits:SignInPerAddress:PermitLimit"] = "1000" });

    private const string Book = "/portal/contacts";
    private const string Import = "/portal/contacts/import";

    private sealed record ContactJson(string Id, string Name, string Email, string? Phone, string? Locale);

    private static async Task<List<ContactJson>> BookAsync(TestOrganizer organizer) =>
        (await organizer.Http.GetFromJsonAsync<List<ContactJson>>("/api/v1/me/contacts", IvrApplication.Json))!;

    [Test]
    public async Task A_contact_is_added_edited_and_deleted_through_the_pages_with_its_phone_normalised()
    {
        var organizer = await app.NewOrganizerAsync("Abby Addressbook");
        using var portal = await PortalClient.SignInAsync(app, organizer);

        using var added = await portal.PostFormAsync(Book + "/new",
            new() { ["Name"] = "Alice Archer", ["Email"] = "alice@example.com", ["Phone"] = "+1 (202) 555-0101", ["Locale"] = "en-US" });
        var list = WebUtility.HtmlDecode(await portal.GetPageAsync(Book));
        var alice = (await BookAsync(organizer)).Single();
        using var edited = await portal.PostFormAsync($"{Book}/{alice.Id}/edit",
            new() { ["Name"] = "Alicia Archer", ["Email"] = "alicia@example.com", ["Phone"] = "+49 30 901820", ["Locale"] = "es-US" });
        var afterEdit = (await BookAsync(organizer)).Single();
        var confirm = await portal.GetPageAsync($"{Book}/{alice.Id}/delete");
        using var deleted = await portal.PostFormAsync($"{Book}/{alice.Id}/delete", []);
        var afterDelete = await portal.GetPageAsync(Book);

        Assert.Multiple(() =>
        {
            Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(added.Headers.Location?.OriginalString, Is.EqualTo(Book));
            Assert.That(list, Does.Contain("Alice Archer was added to your address book."));
            Assert.That(list, Does.Contain("+1 202-555-0101"), "the list shows the number formatted");
            Assert.That(alice.Phone, Is.EqualTo("+12025550101"), "stored in E.164");
            Assert.That(alice.Locale, Is.EqualTo("en-US"));
            Assert.That(edited.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(afterEdit, Is.EqualTo(alice with { Name = "Alicia Archer", Email = "alicia@example.com", Phone = "+4930901820", Locale = "es-US" }));
            Assert.That(confirm, Does.Contain("Delete Alicia Archer?"));
            Assert.That(confirm, Does.Contain("Meetings they were already invited to keep them"));
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(afterDelete, Does.Contain("Alicia Archer was deleted"));
            Assert.That(afterDelete, Does.Contain("Your address book is empty"));
        });
    }

    [Test]
    public async Task A_contact_deleted_from_the_book_stays_on_the_meeting_it_was_invited_to()
    {
        var organizer = await app.NewOrganizerAsync("Mia Meetings");
        var bob = await organizer.AddContactAsync("Bob Baker");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromHours(1), security: new { passcodeMode = "unique" }, invitees: [bob.Id]);
        using var portal = await PortalClient.SignInAsync(app, organizer);

        using var deleted = await portal.PostFormAsync($"{Book}/{bob.Id}/delete", [], formPage: $"{Book}/{bob.Id}/delete");
        var after = await organizer.Http.GetFromJsonAsync<ConferenceDto>($"/api/v1/conferences/{meeting.Id}", IvrApplication.Json);

        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await BookAsync(organizer), Is.Empty);
        Assert.That(after!.Invitations.Single().Name, Is.EqualTo("Bob Baker"));
        Assert.That(after.Invitations.Single().Passcode, Is.EqualTo(meeting.Passcode("Bob Baker")));
    }

    [Test]
    public async Task A_bad_or_duplicate_contact_is_shown_next_to_its_field_and_nothing_is_stored()
    {
        var organizer = await app.NewOrganizerAsync("Dina Duplicate");
        await organizer.AddContactAsync("Carol Chen");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        await portal.GetPageAsync(Book + "/new");
        var before = TestRedis.Snapshot(app.KeyPrefix);

        using var bad = await portal.PostFormAsync(Book + "/new", new() { ["Name"] = "", ["Email"] = "not-an-address", ["Phone"] = "12", ["Locale"] = "fr-FR" });
        var badHtml = await bad.HtmlAsync();
        using var duplicate = await portal.PostFormAsync(Book + "/new", new() { ["Name"] = "Carol Again", ["Email"] = "CAROLCHEN@example.com", ["Locale"] = "en-US" });
        var duplicateHtml = await duplicate.HtmlAsync();

        Assert.Multiple(() =>
        {
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(SettingsForms.Element(badHtml, "name-error"), Does.Contain("name is required"));
            Assert.That(SettingsForms.Element(badHtml, "email-error"), Does.Contain("not an e-mail address"));
            Assert.That(SettingsForms.Element(badHtml, "phone-error"), Does.Contain("international phone number"));
            Assert.That(SettingsForms.Element(badHtml, "locale-error"), Does.Contain("languages in the list"));
            Assert.That(badHtml, Does.Contain("There are 4 problems"));
            Assert.That(SettingsForms.Element(duplicateHtml, "email-error"), Does.Contain("already in your address book"));
            Assert.That(TestRedis.Snapshot(app.KeyPrefix), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Another_organizers_contact_is_404_on_the_edit_and_delete_pages_and_in_the_api()
    {
        var owner = await app.NewOrganizerAsync("Olive Owner");
        var contact = await owner.AddContactAsync("Private Person");
        var other = await app.NewOrganizerAsync("Mallory Other");
        using var portal = await PortalClient.SignInAsync(app, other);
        await portal.GetPageAsync(Book + "/new");

        var statuses = new Dictionary<string, HttpStatusCode>
        {
            ["GET edit"] = (await portal.GetAsync($"{Book}/{contact.Id}/edit")).StatusCode,
            ["GET delete"] = (await portal.GetAsync($"{Book}/{contact.Id}/delete")).StatusCode,
            ["POST edit"] = (await portal.PostFormAsync($"{Book}/{contact.Id}/edit", new() { ["Name"] = "Stolen", ["Email"] = "x@example.com" }, formPage: Book + "/new")).StatusCode,
            ["POST delete"] = (await portal.PostFormAsync($"{Book}/{contact.Id}/delete", [], formPage: Book + "/new")).StatusCode,
            ["API PUT"] = (await other.Http.PutAsJsonAsync($"/api/v1/me/contacts/{contact.Id}", new { name = "Stolen", email = "x@example.com" })).StatusCode,
            ["API DELETE"] = (await other.Http.DeleteAsync($"/api/v1/me/contacts/{contact.Id}")).StatusCode,
            ["GET unknown"] = (await portal.GetAsync($"{Book}/ct_nosuchcontact/edit")).StatusCode,
            ["GET odd id"] = (await portal.GetAsync($"{Book}/{Uri.EscapeDataString("../../%00<script>")}/delete")).StatusCode,
            ["GET long id"] = (await portal.GetAsync($"{Book}/{new string('a', 5000)}/edit")).StatusCode,
        };

        Assert.That(statuses.Values, Is.All.EqualTo(HttpStatusCode.NotFound), string.Join(", ", statuses.Select(s => $"{s.Key}: {(int)s.Value}")));
        Assert.That((await BookAsync(owner)).Single().Name, Is.EqualTo("Private Person"), "the owner's contact is untouched");
    }

    [Test]
    public async Task Importing_a_csv_adds_the_valid_rows_and_reports_each_bad_row_with_its_line_and_reason()
    {
        var organizer = await app.NewOrganizerAsync("Ingrid Import");
        await organizer.AddContactAsync("Carol Chen");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        var csv = string.Join("\r\n",
            "Email,NAME,Locale,phone",
            "alice@example.com,Alice Archer,en-US,+1 202 555 0101",
            "bob@example.com,,,",
            "\"lopez@example.com\",\"López, Lucía\",es-us,",
            "not-an-address,Dan Doe,,",
            "erin@example.com,Erin Eve,,555-0199",
            "fred@example.com,Fred Fox,xx-YY,",
            "ALICE@example.com,Alice Again,,",
            "carolchen@example.com,Carol Copy,,",
            "",
            "gina@example.com,\"Gina \"\"G\"\" Green\",,+49 30 901820") + "\r\n";

        using var response = await portal.UploadAsync(Import, Encoding.UTF8.GetBytes(csv));
        var html = await response.HtmlAsync();
        var contacts = await BookAsync(organizer);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(SettingsForms.Element(html, "import-summary"), Is.EqualTo("3 added, 6 rows with errors"));
            Assert.That(html, Does.Contain("<tr><td>3</td><td>missing name</td></tr>"));
            Assert.That(html, Does.Contain("<tr><td>5</td><td>bad email: not-an-address is not an e-mail address</td></tr>"));
            Assert.That(html, Does.Contain("<tr><td>6</td><td>bad phone: 555-0199"));
            Assert.That(html, Does.Contain("<tr><td>7</td><td>bad locale: xx-YY"));
            Assert.That(html, Does.Contain("<tr><td>8</td><td>duplicate email: ALICE@example.com is already on line 2</td></tr>"));
            Assert.That(html, Does.Contain("<tr><td>9</td><td>duplicate email: carolchen@example.com is already in your address book</td></tr>"));
            Assert.That(contacts.Select(c => c.Name), Is.EquivalentTo(new[] { "Alice Archer", "Carol Chen", "Gina \"G\" Green", "López, Lucía" }));
            Assert.That(contacts.Single(c => c.Name == "Alice Archer").Phone, Is.EqualTo("+12025550101"));
            Assert.That(contacts.Single(c => c.Name == "López, Lucía").Locale, Is.EqualTo("es-US"));
        });
    }

    [Test]
    public async Task Importing_the_same_file_again_adds_nothing_twice()
    {
        var organizer = await app.NewOrganizerAsync("Rita Repeat");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        var csv = Encoding.UTF8.GetBytes("name,email\nAda Lovelace,ada@example.com\nAlan Turing,alan@example.com\n");

        using var first = await portal.UploadAsync(Import, csv);
        using var second = await portal.UploadAsync(Import, csv);

        Assert.That(SettingsForms.Element(await first.HtmlAsync(), "import-summary"), Is.EqualTo("2 added, 0 rows with errors"));
        Assert.That(SettingsForms.Element(await second.HtmlAsync(), "import-summary"), Is.EqualTo("0 added, 2 rows with errors"));
        Assert.That(await BookAsync(organizer), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Rows_beyond_a_full_address_book_are_reported_and_not_written()
    {
        var organizer = await app.NewOrganizerAsync("Fiona Full");
        var filler = Enumerable.Range(0, OrganizerStore.MaxContacts - 1)
            .Select(i => new Contact($"ct_fill{i}", $"Filler {i}", $"filler{i}@example.com", null, app.Time.GetUtcNow()))
            .ToList();
        await app.Service<OrganizerStore>().TryAddContactsAsync(organizer.Account.Id, filler);
        using var portal = await PortalClient.SignInAsync(app, organizer);

        using var response = await portal.UploadAsync(Import, Encoding.UTF8.GetBytes("name,email\nLast One,last@example.com\nToo Many,toomany@example.com\n"));
        var html = await response.HtmlAsync();
        using var add = await portal.PostFormAsync(Book + "/new", new() { ["Name"] = "One More", ["Email"] = "onemore@example.com", ["Locale"] = "en-US" });

        Assert.Multiple(async () =>
        {
            Assert.That(SettingsForms.Element(html, "import-summary"), Is.EqualTo("1 added, 1 row with errors"));
            Assert.That(html, Does.Contain("<tr><td>3</td><td>the address book is full</td></tr>"));
            Assert.That(await BookAsync(organizer), Has.Count.EqualTo(OrganizerStore.MaxContacts));
            Assert.That(SettingsForms.Element(await add.HtmlAsync(), "name-error"), Does.Contain("address book is full"));
        });
    }

    [Test]
    public async Task A_file_too_large_binary_junk_an_empty_file_or_a_bad_header_is_refused_with_a_message_and_adds_nothing()
    {
        var organizer = await app.NewOrganizerAsync("Jules Junk");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        var junk = new byte[4096];
        new Random(7).NextBytes(junk);
        var twoMegabytes = Encoding.UTF8.GetBytes("name,email\n" + string.Concat(Enumerable.Repeat("Someone Somebody,someone@example.com\n", 2 * 1024 * 1024 / 37)));
        var tooManyRows = Encoding.UTF8.GetBytes("name,email\n" + string.Concat(Enumerable.Range(0, 2001).Select(i => $"P{i},p{i}@example.com\n")));
        var cases = new (string What, byte[] Bytes, string Message)[]
        {
            ("2 MB", twoMegabytes, "larger than 1 MB"),
            ("binary junk", junk, "not a CSV text file"),
            ("empty", [], "The file is empty."),
            ("blank lines", "\n\n\r\n"u8.ToArray(), "The file is empty."),
            ("no header", "Alice,alice@example.com\n"u8.ToArray(), "must name the columns"),
            ("header only", "name,email,phone,locale\n"u8.ToArray(), "no contacts"),
            ("2001 rows", tooManyRows, "at most 2000"),
            ("open quote", "name,email\n\"Alice,alice@example.com\n"u8.ToArray(), "Line 2: a quoted field is not closed"),
            ("nul bytes", "name,email\nA\0,a@example.com\n"u8.ToArray(), "not a CSV text file"),
        };
        var outcomes = new List<string>();
        foreach (var (what, bytes, message) in cases)
        {
            using var response = await portal.UploadAsync(Import, bytes);
            var html = await response.HtmlAsync();
            var shown = (int)response.StatusCode == 200 && html.Contains("id=\"file-error\"", StringComparison.Ordinal) ? SettingsForms.Element(html, "file-error") : "";
            outcomes.Add($"{what}: {(int)response.StatusCode} {(shown.Contains(message, StringComparison.Ordinal) ? "ok" : "missing '" + message + "' in '" + shown + "'")}");
        }

        Assert.That(outcomes, Is.All.EndsWith(" 200 ok").Or.Contains(": 200 ok"), string.Join("\n", outcomes));
        Assert.That(await BookAsync(organizer), Is.Empty);
    }

    [Test]
    public async Task An_import_without_a_file_or_without_a_form_never_answers_500()
    {
        var organizer = await app.NewOrganizerAsync("Nora Nofile");
        using var portal = await PortalClient.SignInAsync(app, organizer);

        using var urlEncoded = await portal.PostFormAsync(Import, new() { ["file"] = "name,email" });
        using var otherField = await portal.UploadAsync(Import, "x"u8.ToArray(), fileName: "../../etc/passwd");

        Assert.That(urlEncoded.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(SettingsForms.Element(await urlEncoded.HtmlAsync(), "file-error"), Is.EqualTo("Choose a CSV file to import."));
        Assert.That(otherField.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Address_book_forms_posted_without_their_antiforgery_token_are_refused_and_change_nothing()
    {
        var organizer = await app.NewOrganizerAsync("Fern Forger");
        var contact = await organizer.AddContactAsync("Kept Contact");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        var before = TestRedis.Snapshot(app.KeyPrefix);
        var fields = new Dictionary<string, string> { ["Name"] = "Forged", ["Email"] = "forged@example.com" };

        var statuses = new[]
        {
            (await portal.PostFormWithoutTokenAsync(Book + "/new", fields)).StatusCode,
            (await portal.PostFormWithoutTokenAsync($"{Book}/{contact.Id}/edit", fields)).StatusCode,
            (await portal.PostFormWithoutTokenAsync($"{Book}/{contact.Id}/delete", [])).StatusCode,
            (await portal.Http.PostAsync(Import, new MultipartFormDataContent { { new ByteArrayContent("name,email\nA,a@example.com\n"u8.ToArray()), "file", "a.csv" } })).StatusCode,
        };

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestRedis.Snapshot(app.KeyPrefix), Is.EqualTo(before));
    }

    [Test]
    public async Task The_address_book_pages_ask_to_sign_in_first()
    {
        using var anonymous = PortalClient.Anonymous(app);

        using var list = await anonymous.GetAsync(Book);
        using var import = await anonymous.GetAsync(Import);

        Assert.That(list.Headers.Location?.AbsolutePath, Is.EqualTo("/portal/signin"));
        Assert.That(import.Headers.Location?.AbsolutePath, Is.EqualTo("/portal/signin"));
    }
}
