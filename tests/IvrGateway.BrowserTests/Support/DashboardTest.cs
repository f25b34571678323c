namespace IvrGateway.BrowserTests.Support;

/// <summary>A test against the running gateway: on failure it prints the end of the gateway's log and attaches the whole log.</summary>
public abstract class DashboardTest : GatewayFixture
{
    protected override ProcessLog? GatewayLog => DashboardHost.GatewayLog;
}
