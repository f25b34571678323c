using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Portal.Settings;

/// <summary>Settings opens on its first tab, Security.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => Redirect("/portal/settings/security");
}
