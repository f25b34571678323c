using IvrGateway.Organizers;
using IvrGateway.Organizers.Passwords;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Portal.Account;

/// <summary>A one-use link (new account or forgotten password) sets the password; then the organizer signs in.</summary>
public sealed class SetPasswordModel(OrganizerPasswords passwords, OrganizerStore store) : PageModel
{
    public bool LinkInForce { get; private set; }

    public string? Token { get; private set; }

    public string? PasswordError { get; private set; }

    public string? ConfirmError { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? token, CancellationToken ct)
    {
        Token = token;
        LinkInForce = await passwords.IsLinkInForceAsync(token, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? token, [FromForm] string? password, [FromForm] string? confirm, CancellationToken ct)
    {
        Token = token;
        LinkInForce = await passwords.IsLinkInForceAsync(token, ct);
        if (!LinkInForce)
        {
            return Page();
        }
        var organizer = await store.GetAsync(OrganizerPasswords.OrganizerOf(token!), ct);
        PasswordError = PasswordPolicy.Problem(password, organizer?.Email);
        ConfirmError = PasswordError is null && password != confirm ? "The two passwords are not the same." : null;
        if (PasswordError is not null || ConfirmError is not null)
        {
            return Page();
        }
        if (await passwords.SetWithLinkAsync(token, password!, ct) is null)
        {
            LinkInForce = false;
            return Page();
        }
        TempData["Status"] = "Your password is set. Sign in with it.";
        return Redirect(PortalSession.SignInPath);
    }
}
