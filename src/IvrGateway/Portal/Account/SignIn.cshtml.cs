using System.Globalization;
using IvrGateway.Infrastructure.RateLimiting;
using IvrGateway.Organizers.Passwords;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Portal.Account;

/// <summary>
/// Email and password in, a portal session out. Wrong credentials show the form again with one message for every cause;
/// a locked account says until when (in UTC: the page must not tell an account's time zone to someone who has not signed in).
/// </summary>
[SignInForm("portal", AccountField = "email")]
public sealed class SignInModel(OrganizerPasswords passwords) : PageModel
{
    public string? Error { get; private set; }

    public string? Email { get; private set; }

    public string? ReturnUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl?.Length <= 2000 ? returnUrl : null;
        var session = await HttpContext.AuthenticateAsync(PortalSession.Scheme);
        return session.Succeeded ? LocalRedirect(Destination(ReturnUrl)) : Page();
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl, CancellationToken ct)
    {
        Email = email?.Length <= 254 ? email : null;
        ReturnUrl = returnUrl?.Length <= 2000 ? returnUrl : null;
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password) || email.Length > 254 || password.Length > PasswordPolicy.MaximumLength)
        {
            Error = "Enter your email and password.";
            return Page();
        }
        switch (await passwords.SignInAsync(email, password, ct))
        {
            case SignInOutcome.SignedIn(var organizer):
                await PortalSession.SignInAsync(HttpContext, organizer);
                return LocalRedirect(Destination(ReturnUrl));
            case SignInOutcome.Locked(var until):
                Error = LockedMessage(until);
                return Page();
            default:
                Error = "The email or password is not right.";
                return Page();
        }
    }

    public static string LockedMessage(DateTimeOffset until) =>
        $"Too many wrong passwords: this account is locked until {until.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC. "
        + "Use 'Forgot your password?' to unlock it now.";

    // Only back into the portal: a returnUrl elsewhere (even on this host) is ignored.
    private string Destination(string? returnUrl) =>
        returnUrl is not null && Url.IsLocalUrl(returnUrl) && (returnUrl == PortalSession.PathPrefix || returnUrl.StartsWith(PortalSession.PathPrefix + "/", StringComparison.Ordinal))
            ? returnUrl
            : PortalSession.PathPrefix;
}
