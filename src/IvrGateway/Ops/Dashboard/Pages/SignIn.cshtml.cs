using IvrGateway.Infrastructure.Auth;
using IvrGateway.Infrastructure.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace IvrGateway.Ops.Dashboard.Pages;

/// <summary>The ops key in, a session cookie out. A wrong key shows the form again with a message (200, not 401: this is a page, not the API).</summary>
[SignInForm("ops")]
public sealed class SignInModel(IOptions<ApiKeyOptions> keys, WrongKeyLog wrongKeys) : PageModel
{
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        var session = await HttpContext.AuthenticateAsync(OpsSession.Scheme);
        return session.Succeeded ? LocalRedirect(Destination(returnUrl)) : Page();
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? key, string? returnUrl)
    {
        if (string.IsNullOrEmpty(keys.Value.OpsApiKey))
        {
            Error = "No ops key is configured on this gateway (Gateway:OpsApiKey), so nobody can sign in.";
            return Page();
        }
        if (!OpsSession.IsOpsKey(key, keys.Value.OpsApiKey))
        {
            wrongKeys.Refused("ops sign-in key", ClientAddress.Of(HttpContext));
            Error = "That is not the ops key.";
            return Page();
        }
        await OpsSession.SignInAsync(HttpContext, key!);
        return LocalRedirect(Destination(returnUrl));
    }

    // Only back into the dashboard: a returnUrl elsewhere (even on this host) is ignored.
    private string Destination(string? returnUrl) =>
        returnUrl is not null && Url.IsLocalUrl(returnUrl) && (returnUrl == OpsDashboard.PathPrefix || returnUrl.StartsWith(OpsDashboard.PathPrefix + "/", StringComparison.Ordinal))
            ? returnUrl
            : OpsDashboard.PathPrefix;
}
