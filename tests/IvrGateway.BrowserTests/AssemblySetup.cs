using Microsoft.Playwright;

namespace IvrGateway.BrowserTests;

/// <summary>In the root namespace so that one Redis and one gateway process serve every test in the assembly.</summary>
[SetUpFixture]
public sealed class AssemblySetup
{
    [OneTimeSetUp]
    public Task StartAsync()
    {
        // Every web-first assertion polls up to 15 s, not Playwright's 5 s: on a loaded two-core machine a form's answer, or
        // the page a click leads to, can take longer than 5 s to show, and an assertion that holds returns at once anyway.
        Assertions.SetDefaultExpectTimeout(15_000);
        return DashboardHost.StartAsync();
    }

    [OneTimeTearDown]
    public void Stop() => DashboardHost.Stop();
}
