using Microsoft.Playwright;

namespace IvrGateway.BrowserTests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright. Playwright's own browser download cannot work on these
/// machines, so the test command installs the <c>chromium</c> package and this uses it. A missing
/// browser fails the test with what to do; it is never a skip.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private readonly IPlaywright playwright;
    private readonly string userDataDirectory;

    private Chromium(IPlaywright playwright, IBrowserContext context, string userDataDirectory)
    {
        this.playwright = playwright;
        this.userDataDirectory = userDataDirectory;
        Context = context;
    }

    public IBrowserContext Context { get; }

    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Fail($"{ExecutablePath} is missing: the browser tests drive Debian's Chromium. Run the test command (scripts/test.sh), " +
                "which installs it, or 'sudo apt-get install chromium'.");
        }
        var userData = Directory.CreateTempSubdirectory("ivr-browser-").FullName;
        var playwright = await Playwright.CreateAsync();
        try
        {
            // A persistent context is how Playwright takes a user-data folder: a fresh one, so no profile leaks between runs.
            var context = await playwright.Chromium.LaunchPersistentContextAsync(userData, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Arguments,
                ViewportSize = new ViewportSize { Width = 1360, Height = 900 },
                Timeout = 30_000,
            });
            return new Chromium(playwright, context, userData);
        }
        catch
        {
            playwright.Dispose();
            DeleteQuietly(userData);
            throw;
        }
    }

    /// <summary>Closes the browser (Playwright kills it if it does not close), then removes its profile.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Context.CloseAsync();
        }
        finally
        {
            playwright.Dispose();
            DeleteQuietly(userDataDirectory);
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp profile is harmless.
        }
    }
}
