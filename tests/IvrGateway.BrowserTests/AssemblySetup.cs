namespace IvrGateway.BrowserTests;

/// <summary>In the root namespace so that one Redis and one gateway process serve every test in the assembly.</summary>
[SetUpFixture]
public sealed class AssemblySetup
{
    [OneTimeSetUp]
    public Task StartAsync() => DashboardHost.StartAsync();

    [OneTimeTearDown]
    public void Stop() => DashboardHost.Stop();
}
