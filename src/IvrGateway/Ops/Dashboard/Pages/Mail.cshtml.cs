using System.Text.RegularExpressions;
using IvrGateway.Mail;
using IvrGateway.Mail.Outbox;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Ops.Dashboard.Pages;

/// <summary>The outbox's dead letters, as the API lists them, with a retry each (the same store call as the API's retry).</summary>
public sealed partial class MailModel(OutboxStore store, TimeProvider time) : PageModel
{
    private const int Shown = 100;

    public IReadOnlyList<DeadLetterView> DeadLetters { get; private set; } = [];

    public long Total { get; private set; }

    public string? Status { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Status = TempData["MailStatus"] as string;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostRetryAsync([FromForm] string? id, CancellationToken ct)
    {
        var state = id is not null && MessageId().IsMatch(id) ? await store.RetryDeadAsync(id, time.GetUtcNow(), ct) : null;
        if (state == OutboxStates.Pending)
        {
            TempData["MailStatus"] = "The message is queued again; the worker sends it shortly.";
            return RedirectToPage();
        }
        Problem = state is null ? "No message with this id in the outbox." : $"The message is {state}, not a dead letter.";
        Response.StatusCode = state is null ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var (messages, total) = await store.DeadLettersAsync(Shown, ct);
        DeadLetters = messages.Select(DeadLetterView.From).ToList();
        Total = total;
    }

    [GeneratedRegex("^mail_[a-z0-9]{16}$")]
    private static partial Regex MessageId();
}
