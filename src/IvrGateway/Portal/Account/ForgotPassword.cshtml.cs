using IvrGateway.Infrastructure.RateLimiting;
using IvrGateway.Organizers.Passwords;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Portal.Account;

/// <summary>
/// Mails a one-use reset link to the account with this address. The answer is the same whether or not the address has an
/// account; the posts are limited per client address and per address asked for, as sign-in is.
/// </summary>
[SignInForm("portal-forgot", AccountField = "email")]
public sealed class ForgotPasswordModel(OrganizerPasswords passwords) : PageModel
{
    public const string Sent = "If that address has an account, we sent a link to it. Check your mail: the link works once.";

    public string? Email { get; private set; }

    public string? EmailError { get; private set; }

    public string LinkLifetime => PasswordLinkComposer.LifetimeText(passwords.ResetLinkLifetime);

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync([FromForm] string? email, CancellationToken ct)
    {
        Email = email?.Length <= 254 ? email : null;
        var trimmed = email?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed)
        {
            EmailError = "Enter an email address such as name@example.com.";
            return Page();
        }
        await passwords.ForgotAsync(trimmed, ct);
        TempData["Status"] = Sent;
        return RedirectToPage();
    }
}
