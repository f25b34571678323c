using Microsoft.Playwright;

namespace IvrGateway.BrowserTests.Support;

/// <summary>The organizer's portal in the browser: an account with a password, signed in the way an organizer does it.</summary>
internal static class PortalBrowser
{
    /// <summary>A password that passes the portal's rules; every test account uses it.</summary>
    public const string Password = "correct horse battery staple";

    /// <summary>A new organizer (admin API) who sets a password through the link in the answer, then signs in on <paramref name="page"/>.</summary>
    public static async Task<TestOrganizer> SignInNewOrganizerAsync(IPage page, string name, CancellationToken ct)
    {
        var organizer = await DashboardHost.Api.NewOrganizerAsync(name, ct);
        await SetPasswordAsync(page, organizer.Account.SetPasswordUrl, Password);
        await SignInAsync(page, organizer.Account.Email, Password);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/portal$"));
        return organizer;
    }

    /// <summary>Opens the set-password link as the organizer would (the gateway's public URL may differ from where it listens).</summary>
    public static async Task SetPasswordAsync(IPage page, string link, string password)
    {
        var target = new Uri(DashboardHost.BaseUrl, new Uri(link).PathAndQuery);
        await page.GotoAsync(target.ToString());
        await page.GetByLabel("New password").FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await page.WaitForURLAsync("**/portal/signin", Committed);
    }

    public static async Task SignInAsync(IPage page, string email, string password)
    {
        if (!page.Url.Contains("/portal/signin", StringComparison.Ordinal))
        {
            await page.GotoAsync(new Uri(DashboardHost.BaseUrl, "/portal/signin").ToString());
        }
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public static Task GotoAsync(IPage page, string path) => page.GotoAsync(new Uri(DashboardHost.BaseUrl, path).ToString());

    /// <summary>
    /// For waiting on the address a form's redirect leads to: arrived once the new page is committed, and what follows waits
    /// for what the page shows. Waiting for its load (or DOMContentLoaded) event instead ran out after 30 s, with only
    /// "network idle" seen, in two runs under load (the schedule form, the ops sign-in), though the page had been served.
    /// </summary>
    public static PageWaitForURLOptions Committed { get; } = new() { WaitUntil = WaitUntilState.Commit };
}

/// <summary>Screenshots kept with the run's artifacts and attached to the test result.</summary>
internal static class Screens
{
    public static async Task SaveAsync(IPage page, string name, string? description = null)
    {
        var directory = Path.Combine(DashboardHost.ArtifactsDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name.EndsWith(".png", StringComparison.Ordinal) ? name : name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, description ?? name);
    }
}
