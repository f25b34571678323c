using System.Net;
using System.Text.Json;
using IvrGateway.Simulator.Calls;

namespace IvrGateway.BrowserTests.Ops.Dashboard;

[CancelAfter(90_000)]
public sealed class LiveStreamTests : DashboardTest
{
    [Test]
    public async Task The_first_event_of_the_live_stream_holds_a_call_that_is_in_a_conference_now()
    {
        var meeting = await Calls.OpenMeetingAsync("Stella Stream", Token);
        var from = Calls.NewNumber();
        var sid = Calls.NewCallSid();
        var watcher = new CallWatcher();
        // In the conference long enough for the sign-in and the stream's first event on a loaded machine (with 4 s, the call
        // could be gone before a slow sign-in got to the snapshot).
        var call = DashboardHost.Simulator.DialAsync(Calls.Options(from, sid, TimeSpan.FromSeconds(20)), Calls.Participant(meeting), watcher, Token);
        if (await Task.WhenAny(watcher.Joined, call) == call)
        {
            Assert.Fail("The call ended before it joined the conference: " + (await call).Transcript());
        }
        using var ops = await OpsHttp.SignedInAsync(Token);

        using var response = await ops.GetAsync("/ops/live", HttpCompletionOption.ResponseHeadersRead, Token);
        var snapshot = await FirstEventAsync(response);
        var result = await call;

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Bridged), result.Transcript());
        });
        var row = snapshot.GetProperty("calls").EnumerateArray().SingleOrDefault(c => c.GetProperty("callSid").GetString() == sid);
        Assert.That(row.ValueKind, Is.EqualTo(JsonValueKind.Object), $"the call {sid} is in the first event: {snapshot}");
        Assert.Multiple(() =>
        {
            Assert.That(row.GetProperty("from").GetString(), Is.EqualTo(from));
            Assert.That(row.GetProperty("to").GetString(), Is.EqualTo(GatewayProcess.DialInNumber));
            Assert.That(row.GetProperty("step").GetString(), Is.EqualTo("in conference"));
            Assert.That(row.GetProperty("meetingId").GetString(), Is.EqualTo(meeting.Id));
        });
        var conference = snapshot.GetProperty("conferences").EnumerateArray().Single(c => c.GetProperty("meetingId").GetString() == meeting.Id);
        Assert.That(conference.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("callSid").GetString()), Is.EqualTo(new[] { sid }));
    }

    [Test]
    public async Task A_call_that_ended_is_gone_from_the_stream_and_a_refused_one_is_among_the_recent_failures()
    {
        var from = Calls.NewNumber();
        var sid = Calls.NewCallSid();
        // A code nobody was issued, three times: the gateway says goodbye ("too-many-tries").
        var options = Calls.Options(from, sid, TimeSpan.Zero) with { Fast = true };
        var result = await DashboardHost.Simulator.DialAsync(options, new ScriptedKeypad("0000000000#", "0000000000#", "0000000000#"), null, Token);
        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Refused), result.Transcript());
        using var ops = await OpsHttp.SignedInAsync(Token);

        using var response = await ops.GetAsync("/ops/live", HttpCompletionOption.ResponseHeadersRead, Token);
        var snapshot = await FirstEventAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(snapshot.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("callSid").GetString()), Does.Not.Contain(sid));
            var failure = snapshot.GetProperty("failures").EnumerateArray().SingleOrDefault(c => c.GetProperty("callSid").GetString() == sid);
            Assert.That(failure.ValueKind, Is.EqualTo(JsonValueKind.Object), $"the refused call is a recent failure: {snapshot}");
            Assert.That(failure.ValueKind == JsonValueKind.Object ? failure.GetProperty("from").GetString() : null, Is.EqualTo(from));
        });
    }

    /// <summary>Reads the stream up to its first <c>data:</c> event and parses it.</summary>
    private static async Task<JsonElement> FirstEventAsync(HttpResponseMessage response)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Token));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            }
        }
        throw new AssertionException("The live stream ended without an event.");
    }
}
