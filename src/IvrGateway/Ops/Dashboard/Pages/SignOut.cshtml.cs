using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Ops.Dashboard.Pages;

/// <summary>POST only, with the antiforgery token, so another site cannot sign ops out.</summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(OpsDashboard.PathPrefix);

    public async Task<IActionResult> OnPostAsync()
    {
        await OpsSession.SignOutAsync(HttpContext);
        return LocalRedirect(OpsSession.SignInPath);
    }
}
