using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Portal.Account;

/// <summary>Ends the session (POST only, with the antiforgery token, so a link elsewhere cannot sign anyone out).</summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => Redirect(PortalSession.PathPrefix);

    public async Task<IActionResult> OnPostAsync()
    {
        await PortalSession.SignOutAsync(HttpContext);
        TempData["Status"] = "You are signed out.";
        return Redirect(PortalSession.SignInPath);
    }
}
