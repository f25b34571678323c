using IvrGateway.Infrastructure.Auth;
using IvrGateway.Organizers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Portal.Contacts;

/// <summary>
/// Imports contacts from a CSV file: valid rows are added, every other row is reported with its line and reason. The report
/// is the answer to the POST (it can be long); posting the same file again adds nothing twice, as addresses already in the
/// book are reported as duplicates.
/// </summary>
// The form may carry a little more than the 1 MB file, so a file just over the limit is answered with a message, not refused unread.
[RequestSizeLimit(RequestLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = RequestLimit)]
public sealed class ImportModel(OrganizerAccounts accounts) : PageModel
{
    private const int RequestLimit = 4 * ContactImport.MaxBytes;

    public string? FileError { get; private set; }

    public ContactImportReport? Report { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var file = Request.HasFormContentType ? Request.Form.Files.GetFile("file") : null;
        if (file is null || file.Length == 0)
        {
            FileError = file is null ? "Choose a CSV file to import." : "The file is empty.";
            return Page();
        }
        if (file.Length > ContactImport.MaxBytes)
        {
            FileError = "The file is larger than 1 MB; split it into smaller files.";
            return Page();
        }
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, ct);
        }
        var csv = ContactImport.Read(bytes);
        if (csv.Problem is not null)
        {
            FileError = csv.Problem;
            return Page();
        }
        Report = await accounts.ImportContactsAsync(User.OrganizerId(), csv.Rows, ContactForm.Locales, ct);
        return Page();
    }

    public static string Summary(ContactImportReport report) =>
        $"{report.Added} added, {report.Problems.Count} {(report.Problems.Count == 1 ? "row" : "rows")} with errors";
}
