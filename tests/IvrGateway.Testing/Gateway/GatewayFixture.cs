using NUnit.Framework.Interfaces;

namespace IvrGateway.Testing.Gateway;

/// <summary>A test against a gateway process: on failure it prints the end of the gateway's log and attaches the whole log.</summary>
public abstract class GatewayFixture
{
    /// <summary>Cancelled when the test runs too long, so a hung gateway fails the test instead of the run.</summary>
    protected static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    /// <summary>The output of the gateway the test ran against; null when none was started.</summary>
    protected abstract ProcessLog? GatewayLog { get; }

    [TearDown]
    public void ShowTheGatewayLogOnFailure()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status != TestStatus.Failed || GatewayLog is not { } log)
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
