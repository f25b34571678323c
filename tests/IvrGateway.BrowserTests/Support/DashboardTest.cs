using NUnit.Framework.Interfaces;

namespace IvrGateway.BrowserTests.Support;

/// <summary>A test against the running gateway: on failure it prints the end of the gateway's log and attaches the whole log.</summary>
public abstract class DashboardTest
{
    /// <summary>Cancelled when the test runs too long, so a hung gateway fails the test instead of the run.</summary>
    private protected static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    [TearDown]
    public void ShowTheGatewayLogOnFailure()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status != TestStatus.Failed || DashboardHost.GatewayLog is not { } log)
        {
            return;
        }
        TestContext.Out.WriteLine(log.Tail());
        if (File.Exists(log.Path))
        {
            TestContext.AddTestAttachment(log.Path, "the gateway's stdout and stderr");
        }
    }
}
