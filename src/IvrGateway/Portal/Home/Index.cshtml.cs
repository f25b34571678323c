using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Portal.Home;

/// <summary>Today's calls, Upcoming and Past.</summary>
public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
