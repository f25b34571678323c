using System.Text;
using IvrGateway.Organizers;

namespace IvrGateway.Tests.Organizers;

public sealed class ContactImportTests
{
    private static readonly string[] Locales = ["en-US", "es-US"];

    private static ContactCsvFile Read(string text) => ContactImport.Read(Encoding.UTF8.GetBytes(text));

    [Test]
    public void Columns_are_found_by_name_in_any_order_and_case_with_a_byte_order_mark_and_crlf()
    {
        var file = Read("\uFEFFLocale,E-Mail Ignored,EMAIL,Name\r\nes-US,x,lucia@example.com,Lucía López\r\n");

        Assert.That(file.Problem, Is.Null);
        Assert.That(file.Rows, Is.EqualTo(new[] { new ContactImportRow(2, "Lucía López", "lucia@example.com", null, "es-US") }));
    }

    [Test]
    public void A_quoted_field_may_hold_commas_quotes_and_line_breaks_and_rows_keep_the_line_they_start_on()
    {
        var file = Read("name,email\n\"Archer, \"\"Al\"\"\nAlice\",alice@example.com\n\nbob,bob@example.com");

        Assert.That(file.Problem, Is.Null);
        Assert.That(file.Rows.Select(r => (r.Line, r.Name)), Is.EqualTo(new[] { (2, "Archer, \"Al\"\nAlice"), (5, "bob") }));
    }

    [Test]
    public void A_short_row_reads_its_missing_cells_as_empty()
    {
        var file = Read("name,email,phone\nAlice\n");

        Assert.That(file.Rows.Single(), Is.EqualTo(new ContactImportRow(2, "Alice", null, null, null)));
    }

    [TestCase("", "empty")]
    [TestCase("name,name,email\na,b,c@example.com\n", "appears twice")]
    [TestCase("name,phone\nAlice,+12025550101\n", "must name the columns")]
    [TestCase("name,email\n\"Alice,alice@example.com\n", "Line 2: a quoted field is not closed")]
    public void A_file_that_cannot_be_read_is_refused_whole_with_the_reason(string text, string reason)
    {
        var file = Read(text);

        Assert.That(file.Problem, Does.Contain(reason));
        Assert.That(file.Rows, Is.Empty);
    }

    [Test]
    public void Invalid_utf8_is_refused()
    {
        var file = ContactImport.Read([0x6E, 0x61, 0x6D, 0x65, 0xC3, 0x28, 0x0A]);

        Assert.That(file.Problem, Does.Contain("not a CSV text file"));
    }

    [TestCase(" ", "a@example.com", null, null, "missing name")]
    [TestCase("Ann", "", null, null, "missing email")]
    [TestCase("Ann", "a@b", null, null, "bad email")]
    [TestCase("Ann", "a@example.com", "555-0101", null, "bad phone")]
    [TestCase("Ann", "a@example.com", null, "fr-FR", "bad locale")]
    [TestCase("Ann", "a@example.com", null, "klingon", "bad locale")]
    public void Each_bad_cell_is_named_as_the_reason(string name, string email, string? phone, string? locale, string reason)
    {
        var problems = ContactImport.Problems(new ContactImportRow(2, name, email, phone, locale), Locales);

        Assert.That(problems, Has.Some.StartsWith(reason));
    }

    [Test]
    public void A_good_row_has_no_problem_and_its_locale_is_spelled_canonically()
    {
        var row = new ContactImportRow(2, "Ann", "ann@example.com", "+1 202 555 0101", "es-us");

        Assert.That(ContactImport.Problems(row, Locales), Is.Empty);
        Assert.That(ContactImport.Locale(row.Locale, Locales), Is.EqualTo("es-US"));
    }

    [Test]
    public void The_optional_time_zone_column_is_read_by_name_in_any_case()
    {
        var file = Read("TimeZone,name,email\r\nEurope/Madrid,Lucía López,lucia@example.com\r\n,Bob Baker,bob@example.com\r\n");

        Assert.That(file.Problem, Is.Null);
        Assert.That(file.Rows.Select(r => r.TimeZone), Is.EqualTo(new[] { "Europe/Madrid", "" }));
    }

    [TestCase("Mars/Olympus_Mons")]
    [TestCase("Eastern Standard Time")]
    [TestCase("../../etc/passwd")]
    public void A_bad_time_zone_is_a_reason_of_its_row(string zone)
    {
        var problems = ContactImport.Problems(new ContactImportRow(2, "Ann", "a@example.com", null, null, zone), Locales);

        Assert.That(problems, Is.EqualTo(new[] { $"bad time zone: {zone} is not an IANA time zone such as Europe/Madrid" }));
    }

    [TestCase("Europe/Madrid")]
    [TestCase(" America/New_York ")]
    [TestCase("")]
    public void A_known_or_empty_time_zone_is_no_problem(string zone) =>
        Assert.That(ContactImport.Problems(new ContactImportRow(2, "Ann", "a@example.com", null, null, zone), Locales), Is.Empty);
}
