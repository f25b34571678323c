using IvrGateway.Testing.Redis;
using Microsoft.Playwright;

namespace IvrGateway.BrowserTests.Portal;

/// <summary>
/// The Development outbox page shows a new organizer's welcome, and its link sets the password. The shared browser-test
/// gateway runs in Staging (no /dev/outbox), so this test starts a gateway of its own in Development, on a Redis of its own.
/// </summary>
[CancelAfter(120_000)]
public sealed class DevOutboxBrowserTests : PortalTest
{
    [Test]
    public async Task The_dev_outbox_shows_the_welcome_message_whose_link_sets_the_password()
    {
        var folder = Directory.CreateTempSubdirectory("ivr-dev-outbox-").FullName;
        try
        {
            await ShowsTheWelcomeAsync(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task ShowsTheWelcomeAsync(string folder)
    {
        using var log = new ProcessLog(Path.Combine(DashboardHost.ArtifactsDirectory, "dev-outbox-gateway.log"));
        using var redis = RedisServer.Start();
        using var gateway = await GatewayProcess.StartAsync(GatewayProcess.BuiltDll(), redis.ConnectionString, log, Token, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Mail__OutboxDirectory"] = folder,
            ["Mail__Outbox__PollSeconds"] = "1",
        });
        using var api = new ManagementApi(gateway.BaseUrl, gateway.Secrets);
        var organizer = await api.NewOrganizerAsync("Wilma Welcome", Token);
        for (var i = 0; i < 80 && Directory.GetFiles(folder, "*.eml").Length == 0; i++)
        {
            await Task.Delay(250, Token);
        }

        await Page.GotoAsync(new Uri(gateway.BaseUrl, "/dev/outbox").ToString());
        var row = Page.Locator("#messages tr", new() { HasText = organizer.Account.Email });
        await Assertions.Expect(row).ToContainTextAsync("Welcome to IvrGateway: set your password");
        await Screens.SaveAsync(Page, "dev-outbox-welcome", "the Development outbox page with the new organizer's welcome");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        var text = Page.Locator("pre.mail-text");
        await Assertions.Expect(text).ToContainTextAsync(organizer.Account.SetPasswordUrl);
        await Screens.SaveAsync(Page, "dev-outbox-welcome-message", "the welcome message: text and HTML with the set-password link");

        await Page.GotoAsync(organizer.Account.SetPasswordUrl);
        await Page.GetByLabel("New password").FillAsync(PortalBrowser.Password);
        await Page.GetByLabel("Confirm password").FillAsync(PortalBrowser.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is set");
    }
}
