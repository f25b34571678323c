using IvrGateway.Infrastructure.Auth;
using IvrGateway.Organizers;
using IvrGateway.Organizers.Passwords;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Portal.Account;

/// <summary>
/// Settings &gt; Password: the current password, then the new one twice. The session that changes it is opened again with
/// the new password's stamp, so it stays; every other session ends at its next request.
/// </summary>
public sealed class ChangePasswordModel(OrganizerPasswords passwords, OrganizerStore store) : PageModel
{
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync([FromForm] string? current, [FromForm] string? password, [FromForm] string? confirm, CancellationToken ct)
    {
        var organizerId = User.OrganizerId();
        var organizer = await store.GetAsync(organizerId, ct);
        if (organizer is null)
        {
            return NotFound();
        }
        if (string.IsNullOrEmpty(current) || current.Length > PasswordPolicy.MaximumLength)
        {
            Errors["current"] = "Enter your current password.";
        }
        if (PasswordPolicy.Problem(password, organizer.Email) is { } problem)
        {
            Errors["password"] = problem;
        }
        else if (password == current)
        {
            Errors["password"] = "Choose a password other than the current one.";
        }
        else if (password != confirm)
        {
            Errors["confirm"] = "The two passwords are not the same.";
        }
        if (Errors.Count > 0)
        {
            return Page();
        }
        switch (await passwords.ChangeAsync(organizerId, current!, password!, ct))
        {
            case PasswordChange.Changed:
                // A fresh cookie with the new password's stamp: this session goes on, the others no longer match.
                await PortalSession.SignInAsync(HttpContext, (await store.GetAsync(organizerId, ct))!);
                TempData["Status"] = "Your password is changed. Other browsers signed in to your account are signed out.";
                return RedirectToPage();
            case PasswordChange.WrongCurrent:
                Errors["current"] = "This is not your current password.";
                return Page();
            case PasswordChange.Locked:
                Errors["current"] = "Too many wrong passwords: the account is locked for a while. Use 'Forgot your password?' on the sign-in page to unlock it now.";
                return Page();
            default:
                return NotFound();
        }
    }
}
