using System.Text;

namespace IvrGateway.Organizers;

/// <summary>One data row of an imported CSV file, with the line of the file it starts on (the header is line 1).</summary>
public sealed record ContactImportRow(int Line, string? Name, string? Email, string? Phone, string? Locale, string? TimeZone = null);

public sealed record ContactImportProblem(int Line, string Reason);

/// <summary>What an import came to: how many contacts were added, and each row that was not, by line.</summary>
public sealed record ContactImportReport(int Added, IReadOnlyList<ContactImportProblem> Problems);

/// <summary>A CSV file read into rows, or why the file as a whole is refused (then nothing is imported).</summary>
public sealed record ContactCsvFile(IReadOnlyList<ContactImportRow> Rows, string? Problem);

/// <summary>
/// An address book CSV (RFC 4180: commas, double-quoted fields with <c>""</c> for a quote, CRLF or LF line ends) with the
/// header <c>name,email,phone,locale,timeZone</c> in any order and any case; <c>phone</c>, <c>locale</c> and <c>timeZone</c> may be left out.
/// </summary>
public static class ContactImport
{
    public const int MaxBytes = 1024 * 1024;
    public const int MaxRows = 2000;
    public const string BookFull = "the address book is full";

    // As the header is read: trimmed and lower case.
    private static readonly string[] Columns = ["name", "email", "phone", "locale", "timezone"];

    public static ContactCsvFile Read(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return Refused("The file is empty.");
        }
        if (bytes.Length > MaxBytes)
        {
            return Refused("The file is larger than 1 MB; split it into smaller files.");
        }
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Refused("The file is not a CSV text file (UTF-8); save it from your spreadsheet as CSV UTF-8.");
        }
        text = text.TrimStart('\uFEFF');
        if (text.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t')))
        {
            return Refused("The file is not a CSV text file (UTF-8); save it from your spreadsheet as CSV UTF-8.");
        }
        var (records, problem) = Parse(text);
        if (problem is not null)
        {
            return Refused(problem);
        }
        if (records.Count == 0 || records[0].Fields.All(string.IsNullOrWhiteSpace))
        {
            return Refused("The file is empty.");
        }
        var header = records[0].Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            if (Columns.Contains(header[i]) && !columns.TryAdd(header[i], i))
            {
                return Refused($"The column {header[i]} appears twice in the first line.");
            }
        }
        if (!columns.ContainsKey("name") || !columns.ContainsKey("email"))
        {
            return Refused("The first line must name the columns: name,email,phone,locale,timeZone (in any order; phone, locale and timeZone may be left out).");
        }
        var data = records.Skip(1).Where(r => !r.Fields.All(string.IsNullOrWhiteSpace)).ToList();
        if (data.Count == 0)
        {
            return Refused("The file has a header but no contacts.");
        }
        if (data.Count > MaxRows)
        {
            return Refused($"The file has {data.Count} rows; at most {MaxRows} can be imported at once.");
        }
        string? Cell(IReadOnlyList<string> fields, string column) =>
            columns.TryGetValue(column, out var i) && i < fields.Count ? fields[i] : null;
        var rows = data.Select(r => new ContactImportRow(r.Line, Cell(r.Fields, "name"), Cell(r.Fields, "email"), Cell(r.Fields, "phone"), Cell(r.Fields, "locale"),
                Cell(r.Fields, "timezone")))
            .ToList();
        return new ContactCsvFile(rows, null);
    }

    /// <summary>Why a row cannot be added (apart from duplicates, which need the whole book): empty when it can.</summary>
    public static List<string> Problems(ContactImportRow row, IReadOnlyCollection<string> locales)
    {
        var reasons = new List<string>();
        if (string.IsNullOrWhiteSpace(row.Name))
        {
            reasons.Add("missing name");
        }
        else if (ContactDetails.NameProblem(row.Name) is { } nameProblem)
        {
            reasons.Add("bad name: " + nameProblem);
        }
        if (string.IsNullOrWhiteSpace(row.Email))
        {
            reasons.Add("missing email");
        }
        else if (ContactDetails.EmailProblem(row.Email) is not null)
        {
            reasons.Add($"bad email: {Shown(row.Email)} is not an e-mail address");
        }
        if (!Blank(row.Phone) && ContactDetails.ToE164(row.Phone) is null)
        {
            reasons.Add($"bad phone: {Shown(row.Phone!)} is not an international number such as +15551234567");
        }
        if (!Blank(row.Locale) && Locale(row.Locale, locales) is null)
        {
            reasons.Add($"bad locale: {Shown(row.Locale!)} is not one of {string.Join(", ", locales)}");
        }
        if (!Blank(row.TimeZone) && ContactDetails.ToTimeZone(row.TimeZone) is null)
        {
            reasons.Add($"bad time zone: {Shown(row.TimeZone!)} is not an IANA time zone such as Europe/Madrid");
        }
        return reasons;
    }

    public static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);

    /// <summary>The locale in its canonical spelling when it is one of <paramref name="locales"/>, or null.</summary>
    public static string? Locale(string? value, IReadOnlyCollection<string> locales) =>
        ContactDetails.ToLocale(value) is { } locale && locales.Contains(locale) ? locale : null;

    // A value read back to the organizer, cut short so one odd cell cannot flood the report.
    private static string Shown(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length <= 40 ? trimmed : trimmed[..40] + "…";
    }

    private static ContactCsvFile Refused(string problem) => new([], problem);

    private sealed record CsvRecord(int Line, List<string> Fields);

    private static (List<CsvRecord> Records, string? Problem) Parse(string text)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var quoteLine = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                    continue;
                }
                if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                    {
                        line++;
                    }
                    field.Append(c);
                }
                i++;
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    quoteLine = line;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r' or '\n':
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add(new CsvRecord(recordLine, fields));
                    fields = [];
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
            i++;
        }
        if (quoted)
        {
            return ([], $"Line {quoteLine}: a quoted field is not closed.");
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add(new CsvRecord(recordLine, fields));
        }
        return (records, null);
    }
}
