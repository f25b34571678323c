using IvrGateway.Infrastructure.RateLimiting;
using IvrGateway.Organizers.Passwords;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Portal.Account;

/// <summary>Email and password in, a portal session out. Wrong credentials show the form again with one message for every cause.</summary>
[SignInForm("portal")]
public sealed class SignInModel(OrganizerPasswords passwords) : PageModel
{
    public string? Error { get; private set; }

    public string? Email { get; private set; }

    public string? ReturnUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        var session = await HttpContext.AuthenticateAsync(PortalSession.Scheme);
        return session.Succeeded ? LocalRedirect(Destination(returnUrl)) : Page();
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl, CancellationToken ct)
    {
        Email = email?.Length <= 254 ? email : null;
        ReturnUrl = returnUrl;
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password) || email.Length > 254 || password.Length > PasswordPolicy.MaximumLength)
        {
            Error = "Enter your email and password.";
            return Page();
        }
        var organizer = await passwords.VerifyAsync(email, password, ct);
        if (organizer is null)
        {
            Error = "The email or password is not right.";
            return Page();
        }
        await PortalSession.SignInAsync(HttpContext, organizer);
        return LocalRedirect(Destination(returnUrl));
    }

    // Only back into the portal: a returnUrl elsewhere (even on this host) is ignored.
    private string Destination(string? returnUrl) =>
        returnUrl is not null && Url.IsLocalUrl(returnUrl) && (returnUrl == PortalSession.PathPrefix || returnUrl.StartsWith(PortalSession.PathPrefix + "/", StringComparison.Ordinal))
            ? returnUrl
            : PortalSession.PathPrefix;
}
