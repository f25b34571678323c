namespace IvrGateway.EndToEndTests.Support;

/// <summary>A test against the running gateway: on failure it prints the end of the gateway's log and attaches the whole log.</summary>
public abstract class GatewayTest : GatewayFixture
{
    protected static ManagementApi Api => EndToEnd.Api;

    protected override ProcessLog? GatewayLog => EndToEnd.GatewayLog;
}
