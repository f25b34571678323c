using System.Net.Http.Json;
using IvrGateway.CallLog;

namespace IvrGateway.IntegrationTests.CallLog;

/// <summary>
/// A caller's and a meeting's calls come from their indexes (per shard, beside the stream they point into), page by
/// page, trimmed to the retention and expiring with it.
/// </summary>
public sealed class CallLogIndexTests
{
    private sealed record Page(List<CallRecord> Calls, string? NextCursor);

    private static async Task<Page> QueryAsync(IvrApplication app, string query) =>
        (await app.Ops().GetFromJsonAsync<Page>("/api/v1/calls?" + query, IvrApplication.Json))!;

    private static async Task<VoiceCall> WrongCodeCallAsync(IvrApplication app, string from)
    {
        var call = new VoiceCall(app, from: from);
        await call.DialAsync();
        await call.PressAsync(VoiceScenarios.UnissuedCode() + "#");
        app.Time.Advance(TimeSpan.FromSeconds(1));
        await call.HangUpAsync(10);
        return call;
    }

    [Test]
    public async Task A_callers_calls_are_found_through_its_index_page_by_page_among_many_other_callers()
    {
        using var app = new IvrApplication();
        var mine = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var from = i % 10 == 0 ? "+12025556000" : "+1202555" + (6100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var call = await WrongCodeCallAsync(app, from);
            if (from == "+12025556000")
            {
                mine.Add(call.CallSid);
            }
        }

        var first = await QueryAsync(app, "caller=%2B12025556000&limit=2");
        var second = await QueryAsync(app, $"caller=%2B12025556000&limit=2&cursor={first.NextCursor}");
        var indexes = TestRedis.Keys($"{app.KeyPrefix}:*:calls:caller:+12025556000").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(first.Calls.Concat(second.Calls).Select(c => c.CallSid), Is.EqualTo(Enumerable.Reverse(mine)), "newest first, each once");
            Assert.That(second.NextCursor, Is.Null);
            Assert.That(indexes, Has.Count.EqualTo(1), "an unattested caller's records are in its dialed number's shard");
            Assert.That(TestRedis.Database.KeyTimeToLive(indexes[0]), Is.GreaterThan(TimeSpan.FromDays(29)).And.LessThanOrEqualTo(TimeSpan.FromDays(30)));
        });
    }

    [Test]
    public async Task A_meetings_calls_are_found_through_its_index_and_the_since_and_until_bounds_apply_to_it()
    {
        using var app = new IvrApplication();
        var (_, meeting) = await VoiceScenarios.SharedAsync(app);
        var bridged = new List<string>();
        DateTimeOffset middle = default;
        for (var i = 0; i < 4; i++)
        {
            var call = new VoiceCall(app, from: "+1202555620" + i, verstat: VoiceCall.Attested);
            await call.DialAsync();
            await call.PressAsync(meeting.AccessCode + "#");
            await call.PressAsync("739164#");
            app.Time.Advance(TimeSpan.FromMinutes(1));
            await call.HangUpAsync(60);
            bridged.Add(call.CallSid);
            if (i == 1)
            {
                middle = app.Time.GetUtcNow().AddSeconds(30);
            }
            await WrongCodeCallAsync(app, "+1202555630" + i);
        }

        var all = await QueryAsync(app, $"meetingId={meeting.Id}");
        var later = await QueryAsync(app, $"meetingId={meeting.Id}&since={Uri.EscapeDataString(middle.ToString("O"))}");
        var earlier = await QueryAsync(app, $"meetingId={meeting.Id}&until={Uri.EscapeDataString(middle.ToString("O"))}");

        Assert.Multiple(() =>
        {
            Assert.That(all.Calls.Select(c => c.CallSid), Is.EqualTo(Enumerable.Reverse(bridged)));
            Assert.That(later.Calls.Select(c => c.CallSid), Is.EqualTo(new[] { bridged[3], bridged[2] }));
            Assert.That(earlier.Calls.Select(c => c.CallSid), Is.EqualTo(new[] { bridged[1], bridged[0] }));
            Assert.That(TestRedis.Keys($"{app.KeyPrefix}:*:calls:meeting:{meeting.Id}").Select(k => TestRedis.Database.KeyTimeToLive(k)),
                Has.All.Not.Null, "every index entry expires");
        });
    }

    [Test]
    public async Task Index_entries_older_than_the_retention_are_trimmed_with_the_records_they_point_to()
    {
        using var app = new IvrApplication(new() { ["CallLog:RetentionDays"] = "2" });
        await WrongCodeCallAsync(app, "+12025556400");
        await WrongCodeCallAsync(app, "+12025556400");
        app.Time.Advance(TimeSpan.FromDays(3));
        var recent = await WrongCodeCallAsync(app, "+12025556400");

        var found = await QueryAsync(app, "caller=%2B12025556400");
        var index = TestRedis.Keys($"{app.KeyPrefix}:*:calls:caller:+12025556400").Single();

        Assert.Multiple(() =>
        {
            Assert.That(found.Calls.Select(c => c.CallSid), Is.EqualTo(new[] { recent.CallSid }));
            Assert.That(TestRedis.Database.SortedSetLength(index), Is.EqualTo(1));
        });
    }
}
