using Microsoft.Playwright;

namespace IvrGateway.BrowserTests.Portal;

/// <summary>A portal test: a fresh Chromium per test, and script errors (a Content-Security-Policy violation among them) collected.</summary>
public abstract class PortalTest : DashboardTest
{
    private Chromium? browser;

    protected IPage Page { get; private set; } = null!;

    protected List<string> ScriptErrors { get; } = [];

    [SetUp]
    public async Task LaunchAsync()
    {
        ScriptErrors.Clear();
        browser = await Chromium.LaunchAsync();
        Page = browser.Context.Pages.FirstOrDefault() ?? await browser.Context.NewPageAsync();
        Page.PageError += (_, error) => ScriptErrors.Add(error);
        Page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                ScriptErrors.Add(message.Text);
            }
        };
    }

    [TearDown]
    public async Task CloseAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }
    }
}
