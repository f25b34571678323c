namespace IvrGateway.IntegrationTests;

/// <summary>In the root namespace so that it runs once around every test in the assembly.</summary>
[SetUpFixture]
public sealed class AssemblySetup
{
    [OneTimeSetUp]
    public void StartRedis() => TestRedis.StartRedis();

    [OneTimeTearDown]
    public void StopRedis() => TestRedis.StopRedis();
}
