using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using IvrGateway.Voice.State;

namespace IvrGateway.IntegrationTests.Infrastructure;

/// <summary>
/// Nothing in Redis grows without an end: after a simulated week of traffic every key either expires or is one of the
/// few permanent keys the architecture documents (docs/architecture.md, "Keys without an expiry").
/// </summary>
public sealed partial class KeyExpiryTests
{
    /// <summary>The permanent key families: accounts, personal rooms, the key ring, and collections trimmed on every write.</summary>
    private static readonly string[] Permanent =
    [
        "{o:*}:profile", "{o:*}:contacts", "{k:*}", "{e:*}", "{h:*}:pin", // accounts
        "{a:*}:code", "{a:*}:room", "{a:*}:passcodes",           // personal rooms (one-time codes' keys expire)
        "{dp}:keys",                                             // the Data Protection key ring
        "{s:*}:calls", "{s:*}:active", "{sec}:events", "{om:*}", // trimmed by time on every write
        "{mail}:messages", "{mail}:idem", "{mail}:due", "{mail}:leased", "{mail}:dead", "{mail}:done",
    ];

    private sealed record AttendanceEntry(string CallSid, string DisplayName, DateTimeOffset? JoinedAt);

    [Test]
    public async Task After_a_simulated_week_every_key_expires_or_is_a_documented_permanent_one_and_room_meetings_keep_rosters_of_their_own()
    {
        using var app = new IvrApplication(startsAt: TestClock.Afternoon);
        var organizer = await app.NewOrganizerAsync();
        var roomMeetings = new List<(string Id, List<string> Calls)>();
        var caller = 0;
        string NextNumber() => "+1202557" + (caller++).ToString("D4", CultureInfo.InvariantCulture);

        async Task<VoiceCall> BridgedAsync(string code, string? passcode)
        {
            var call = new VoiceCall(app, from: NextNumber(), verstat: caller % 2 == 0 ? VoiceCall.Attested : null);
            await call.DialAsync();
            await call.PressAsync(code + "#");
            if (passcode is not null)
            {
                await call.PressAsync(passcode + "#");
            }
            else
            {
                await call.SilenceAsync(); // not the organizer
            }
            await call.JoinAsync();
            return call;
        }

        for (var day = 0; day < 7; day++)
        {
            var start = app.Time.GetUtcNow().AddMinutes(10).ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);
            var room = await organizer.ScheduleOkAsync(new
            {
                title = "Daily in the room", start, durationMinutes = 30, timeZone = "America/New_York", invitees = Array.Empty<string>(),
                security = new { oneTimeAccessCode = false },
            });
            var oneTime = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(10), security: new { oneTimeAccessCode = true, passcodeMode = "none" });
            app.Time.Advance(TimeSpan.FromMinutes(12));

            var inRoom = new List<VoiceCall>();
            for (var i = 0; i < 3; i++)
            {
                inRoom.Add(await BridgedAsync(organizer.Account.PersonalAccessCode, organizer.Account.PersonalRoomPasscode));
            }
            var inMeeting = new List<VoiceCall> { await BridgedAsync(oneTime.AccessCode, null), await BridgedAsync(oneTime.AccessCode, null) };
            var wrong = new VoiceCall(app, from: NextNumber());
            await wrong.DialAsync();
            for (var i = 0; i < 3; i++)
            {
                await wrong.PressAsync(VoiceScenarios.UnissuedCode() + "#");
            }
            var abandoned = new VoiceCall(app, from: NextNumber());
            await abandoned.DialAsync();

            app.Time.Advance(TimeSpan.FromMinutes(20));
            foreach (var call in inRoom.Concat(inMeeting))
            {
                await call.LeaveAsync();
                await call.HangUpAsync(20 * 60);
            }
            await wrong.HangUpAsync(30);
            roomMeetings.Add((room.Id, inRoom.Select(c => c.CallSid).ToList()));

            // The rest of the day: the sweeper closes the abandoned call.
            app.Time.Advance(TimeSpan.FromHours(23.5));
            await app.Service<CallSweeper>().SweepAsync();
        }

        var withoutExpiry = TestRedis.Keys(app.KeyPrefix + ":*")
            .Where(k => TestRedis.Database.KeyTimeToLive(k) is null)
            .Select(k => Family(k.ToString()[(app.KeyPrefix.Length + 1)..]))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var firstDay = await organizer.Http.GetFromJsonAsync<List<AttendanceEntry>>($"/api/v1/conferences/{roomMeetings[0].Id}/attendance", IvrApplication.Json);
        var lastDay = await organizer.Http.GetFromJsonAsync<List<AttendanceEntry>>($"/api/v1/conferences/{roomMeetings[^1].Id}/attendance", IvrApplication.Json);
        var rosters = TestRedis.Keys(app.KeyPrefix + ":{a:*}:roster:*").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(withoutExpiry, Is.SubsetOf(Permanent), "keys without an expiry that are not on the permanent list");
            Assert.That(firstDay!.Select(a => a.CallSid), Is.EquivalentTo(roomMeetings[0].Calls), "the first day's room meeting, its own callers");
            Assert.That(lastDay!.Select(a => a.CallSid), Is.EquivalentTo(roomMeetings[^1].Calls));
            Assert.That(rosters, Has.Count.EqualTo(14), "a roster per meeting: seven in the room, seven one-time");
            Assert.That(rosters.Select(k => TestRedis.Database.KeyTimeToLive(k)), Has.All.Not.Null);
        });
    }

    /// <summary>The key's family: every hash tag's id and every per-item suffix as <c>*</c>.</summary>
    private static string Family(string key) => ItemSuffix().Replace(TagId().Replace(key, "{$1:*}"), "$1*");

    [GeneratedRegex(@"\{([a-z]+):[^}]*\}")]
    private static partial Regex TagId();

    [GeneratedRegex(@"((?:call|ci|fail|look|lock|meeting|roster|calls:caller|calls:meeting):).*$")]
    private static partial Regex ItemSuffix();
}
