using IvrGateway.CallLog;

namespace IvrGateway.IntegrationTests.CallLog;

/// <summary>What an attacker can put into the call log (a caller ID, an invitee's name) never runs as a formula in a spreadsheet.</summary>
public sealed class CsvInjectionTests : ApplicationFixture<IvrApplication>
{
    [Test]
    public async Task Formula_cells_in_the_call_log_export_are_neutralised()
    {
        var (_, meeting) = await VoiceScenarios.UniqueAsync(app, "+SUM(1)*cmd", "@Mallory", "-Eve");
        foreach (var (name, from) in new[] { ("+SUM(1)*cmd", "+12025553001"), ("@Mallory", "+12025553002"), ("-Eve", "+12025553003") })
        {
            var call = new VoiceCall(app, from: from);
            await call.DialAsync();
            await call.PressAsync(meeting.AccessCode + "#");
            await call.PressAsync(meeting.Passcode(name) + "#");
            await call.HangUpAsync(10);
        }

        var rows = Csv.Parse(await app.Ops().GetStringAsync($"/api/v1/calls/export?format=csv&meetingId={meeting.Id}"));

        var names = rows.Skip(1).Select(r => r[Array.IndexOf(CallLogCsv.Columns, "displayName")]).ToList();
        var callers = rows.Skip(1).Select(r => r[Array.IndexOf(CallLogCsv.Columns, "from")]).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(names, Is.EquivalentTo(new[] { "'+SUM(1)*cmd", "'@Mallory", "'-Eve" }));
            Assert.That(callers, Has.All.StartsWith("'+"));
            Assert.That(rows.Skip(1).SelectMany(r => r), Has.None.Match("^[=+\\-@\t\r]"));
        });
    }
}
