namespace IvrGateway.EndToEndTests;

/// <summary>In the root namespace so that one Redis and one gateway process serve every test in the assembly.</summary>
[SetUpFixture]
public sealed class AssemblySetup
{
    [OneTimeSetUp]
    public Task StartAsync() => EndToEnd.StartAsync();

    [OneTimeTearDown]
    public void Stop() => EndToEnd.Stop();
}
