using System.Net;

namespace IvrGateway.IntegrationTests.Ops;

/// <summary>With <c>Management:Port</c> set, metrics and the OpenAPI document are served there and nowhere else.</summary>
public sealed class ManagementPortTests
{
    [Test]
    public async Task Metrics_and_openapi_answer_only_on_the_management_port_of_a_real_server()
    {
        var publicPort = FreePort.Next();
        var managementPort = FreePort.Next();
        using var app = new IvrApplication(new()
        {
            ["urls"] = $"http://127.0.0.1:{publicPort}",
            ["Management:Port"] = managementPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        app.UseKestrel();
        app.StartServer();
        using var http = new HttpClient();

        async Task<HttpStatusCode> Get(int port, string path) => (await http.GetAsync($"http://127.0.0.1:{port}{path}")).StatusCode;

        Assert.Multiple(async () =>
        {
            Assert.That(await Get(publicPort, "/metrics"), Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await Get(publicPort, "/openapi/v1.json"), Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await Get(publicPort, "/health/live"), Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await Get(managementPort, "/metrics"), Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await Get(managementPort, "/openapi/v1.json"), Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await Get(managementPort, "/health/ready"), Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await Get(managementPort, "/api/v1/calls"), Is.EqualTo(HttpStatusCode.NotFound), "the management port serves nothing else");
            Assert.That(await Get(managementPort, "/ops/signin"), Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task A_host_header_naming_the_management_port_does_not_open_metrics_on_the_public_port()
    {
        using var app = new IvrApplication(new() { ["Management:Port"] = "9464" });
        var request = new HttpRequestMessage(HttpMethod.Get, "http://localhost:9464/metrics");

        using var response = await app.Client().SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Without_a_management_port_metrics_are_served_as_before()
    {
        using var app = new IvrApplication();

        Assert.That((await app.Client().GetAsync("/metrics")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("0")]
    [TestCase("70000")]
    public void A_management_port_out_of_range_stops_the_start(string port)
    {
        using var app = new IvrApplication(new() { ["Management:Port"] = port });

        var error = Assert.Catch(() => app.CreateClient());

        Assert.That(error!.ToString(), Does.Contain("Management:Port must be a TCP port between 1 and 65535"));
    }
}
