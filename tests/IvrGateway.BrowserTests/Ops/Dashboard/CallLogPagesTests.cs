using System.Net;
using IvrGateway.Simulator.Calls;

namespace IvrGateway.BrowserTests.Ops.Dashboard;

[CancelAfter(30_000)]
public sealed class CallLogPagesTests : DashboardTest
{
    [Test]
    public async Task A_search_by_caller_lists_the_call_and_links_its_timeline_and_the_exports()
    {
        var (from, sid) = await RefusedCallAsync();
        using var ops = await OpsHttp.SignedInAsync(Token);

        using var response = await ops.GetAsync("/ops/calls?caller=" + Uri.EscapeDataString(from), Token);
        var html = await response.Content.ReadAsStringAsync(Token);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain($"data-sid=\"{sid}\""));
            Assert.That(html, Does.Contain($"href=\"/ops/calls/{sid}\""));
            Assert.That(html, Does.Contain("too-many-tries"));
            Assert.That(html, Does.Contain("/ops/calls/export?caller=").And.Contain("format=csv"));
            Assert.That(html, Does.Contain("/api/v1/calls/export?"));
        });
    }

    [Test]
    public async Task The_cookie_export_streams_the_same_csv_and_ndjson_as_the_api()
    {
        var (from, sid) = await RefusedCallAsync();
        using var ops = await OpsHttp.SignedInAsync(Token);
        var query = "caller=" + Uri.EscapeDataString(from);

        using var csv = await ops.GetAsync("/ops/calls/export?format=csv&" + query, Token);
        using var ndjson = await ops.GetAsync("/ops/calls/export?format=ndjson&" + query, Token);
        var csvText = await csv.Content.ReadAsStringAsync(Token);
        var ndjsonText = await ndjson.Content.ReadAsStringAsync(Token);
        var apiCsv = await DashboardHost.ApiTextAsync("/api/v1/calls/export?format=csv&" + query, DashboardHost.OpsKey, Token);

        Assert.Multiple(() =>
        {
            Assert.That(csv.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(csv.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
            Assert.That(csv.Content.Headers.ContentDisposition?.FileName, Is.EqualTo("calls.csv"));
            Assert.That(csvText.Split('\n')[0], Does.StartWith("callSid,from,to,"));
            Assert.That(csvText, Does.Contain(sid));
            Assert.That(csvText, Is.EqualTo(apiCsv), "the same export as the API's");
            Assert.That(ndjson.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/x-ndjson"));
            Assert.That(ndjsonText.Trim().Split('\n'), Has.Length.EqualTo(1).And.One.Contains($"\"callSid\":\"{sid}\""));
        });
    }

    [Test]
    public async Task A_calls_timeline_shows_every_step_and_how_the_call_ended()
    {
        var (from, sid) = await RefusedCallAsync();
        using var ops = await OpsHttp.SignedInAsync(Token);

        using var response = await ops.GetAsync("/ops/calls/" + sid, Token);
        var html = await response.Content.ReadAsStringAsync(Token);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain(WebUtility.HtmlEncode(from)).Or.Contain(from.Replace("+", "&#x2B;", StringComparison.Ordinal)));
            Assert.That(html, Does.Contain(">incoming<"));
            Assert.That(html, Does.Contain(">accessCode<"));
            Assert.That(html, Does.Contain("too-many-tries"));
            Assert.That(html, Does.Match("<time datetime=\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\">"), "times for the browser to show in the viewer's zone");
        });
    }

    [TestCase("CA0123456789abcdef0123456789abcdef")]
    [TestCase("not-a-call-sid")]
    public async Task An_unknown_call_is_a_404_page_that_says_so(string sid)
    {
        using var ops = await OpsHttp.SignedInAsync(Token);

        using var response = await ops.GetAsync("/ops/calls/" + sid, Token);
        var html = await response.Content.ReadAsStringAsync(Token);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(html, Does.Contain("class=\"error\""));
        });
    }

    [Test]
    public async Task A_bad_search_names_the_field_and_empty_fields_are_dropped_from_the_address()
    {
        using var ops = await OpsHttp.SignedInAsync(Token);

        using var bad = await ops.GetAsync("/ops/calls?since=yesterday", Token);
        var html = await bad.Content.ReadAsStringAsync(Token);
        using var empty = await ops.GetAsync("/ops/calls?since=&until=&meetingId=&caller=%2B12025550101&outcome=&limit=50", Token);

        Assert.Multiple(() =>
        {
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(html, Does.Contain("since must be ISO 8601 with an offset"));
            Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(empty.Headers.Location?.OriginalString, Is.EqualTo("/ops/calls?caller=%2B12025550101&limit=50"));
        });
    }

    /// <summary>A call from a new number that types an unissued code three times and is sent away: it is in the call log at once.</summary>
    private static async Task<(string From, string CallSid)> RefusedCallAsync()
    {
        var from = Calls.NewNumber();
        var sid = Calls.NewCallSid();
        var options = Calls.Options(from, sid, TimeSpan.Zero) with { Fast = true };
        var result = await DashboardHost.Simulator.DialAsync(options, new ScriptedKeypad("0000000000#", "0000000000#", "0000000000#"), null, Token);
        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Refused), result.Transcript());
        return (from, sid);
    }
}
