using System.CommandLine;
using IvrGateway.Simulator.Cli;
using IvrGateway.Simulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IvrGateway.Simulator.Tests.Cli;

public sealed class ClientCommandTests
{
    private StubGateway gateway = null!;
    private StringWriter output = null!;

    [SetUp]
    public void SetUp()
    {
        gateway = new StubGateway();
        output = new StringWriter();
    }

    [TearDown]
    public void TearDown()
    {
        gateway.Dispose();
        output.Dispose();
    }

    [Test]
    public async Task The_client_verb_plays_the_browser_leg_with_the_ticket_at_the_twiml_apps_voice_url_and_follows_it_into_the_conference()
    {
        gateway.Twiml("/voice/client", TwimlText.Response(
            "<Dial><Conference participantLabel=\"Alice Archer\" startConferenceOnEnter=\"true\" statusCallback=\"/voice/conference\" " +
            "statusCallbackEvent=\"join leave end\">meeting-mtg_abc</Conference></Dial>"));
        var context = new CommandContext(Terminal.Create(output, redirected: true), () => gateway, new FakeTimeProvider(),
            () => throw new InvalidOperationException("no keypad for a browser"), static _ => null);

        var exitCode = await SimulatorCommandLine.Create(context)
            .Parse(["client", "--ticket", "tkt-0123456789", "--identity", "web0123456789abcdef01234567", "--gateway", "http://gateway.test:5080", "--fast"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = output });

        var first = gateway.Requests[0];
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(0), output.ToString());
            Assert.That(first.Url.AbsolutePath, Is.EqualTo("/voice/client"));
            Assert.That(first.Field("From"), Is.EqualTo("client:web0123456789abcdef01234567"));
            Assert.That(first.Field("To"), Is.Empty);
            Assert.That(first.Field("ticket"), Is.EqualTo("tkt-0123456789"));
            Assert.That(gateway.To("/voice/conference").Select(r => r.Field("StatusCallbackEvent")), Does.Contain("participant-join"));
            Assert.That(gateway.To("/voice/status").Select(r => (r.Field("CallStatus"), r.Field("From"))),
                Is.EqualTo(new[] { ("completed", "client:web0123456789abcdef01234567") }), "the TwiML App's status callback ends the leg");
        });
    }
}
