using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace IvrGateway.IntegrationTests.Scheduling;

/// <summary>Every refused request names the wrong field and leaves Redis exactly as it was.</summary>
public sealed class ConferenceBadInputTests : ApplicationFixture<IvrApplication>
{
    private TestOrganizer organizer = null!;
    private ContactDto alice = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        organizer = await app.NewOrganizerAsync();
        alice = await organizer.AddContactAsync("Alice Archer");
    }

    private string Future => app.Time.GetUtcNow().AddDays(1).ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<TestCaseData> BadBodies()
    {
        yield return Case("unknown time zone", b => b["timeZone"] = "Atlantis/Lost_City", "timeZone");
        yield return Case("a Windows time zone name", b => b["timeZone"] = "Eastern Standard Time", "timeZone");
        yield return Case("start in the past", b => b["start"] = "2020-01-01T09:00:00Z", "start");
        yield return Case("start without an offset", b => b["start"] = "2031-01-01T09:00:00", "start");
        yield return Case("start that is not a date", b => b["start"] = "tomorrow at nine", "start");
        yield return Case("duration 0", b => b["durationMinutes"] = 0, "durationMinutes");
        yield return Case("duration 1441", b => b["durationMinutes"] = 1441, "durationMinutes");
        yield return Case("duration missing", b => b.Remove("durationMinutes"), "durationMinutes");
        yield return Case("duration as text", b => b["durationMinutes"] = "half an hour", "durationMinutes");
        yield return Case("title missing", b => b.Remove("title"), "title");
        yield return Case("invitee not in the address book", b => b["invitees"] = new[] { "ct_nobody" }, "invitees[0]");
        yield return Case("invitee listed twice", b => b["invitees"] = new[] { "ALICE", "ALICE" }, "invitees[1]");
        yield return Case("unique passcodes with no invitees", b => { b["security"] = new { passcodeMode = "unique" }; b["invitees"] = Array.Empty<string>(); }, "invitees");
        yield return Case("a trivial shared passcode", b => b["security"] = new { passcodeMode = "shared", sharedPasscode = "1111" }, "security.sharedPasscode");
        yield return Case("a shared passcode without shared mode", b => b["security"] = new { passcodeMode = "none", sharedPasscode = "739164" }, "security.sharedPasscode");
        yield return Case("an unknown passcode mode", b => b["security"] = new { passcodeMode = "retina" }, "security.passcodeMode");
        yield return Case("a personal-room meeting with its own passcode", b => b["security"] = new { oneTimeAccessCode = false, passcodeMode = "shared", sharedPasscode = "739164" }, "security.oneTimeAccessCode");

        static TestCaseData Case(string name, Action<Dictionary<string, object?>> change, string field) =>
            new TestCaseData(change, field).SetName("Scheduling is refused for " + name);
    }

    [TestCaseSource(nameof(BadBodies))]
    public async Task Scheduling_is_refused(Action<Dictionary<string, object?>> change, string field)
    {
        var body = new Dictionary<string, object?>
        {
            ["title"] = "Planning",
            ["start"] = Future,
            ["durationMinutes"] = 30,
            ["timeZone"] = "America/New_York",
            ["invitees"] = new[] { alice.Id },
        };
        change(body);
        if (body["invitees"] is string[] ids)
        {
            body["invitees"] = ids.Select(i => i == "ALICE" ? alice.Id : i).ToArray();
        }
        var before = TestRedis.Snapshot(app.KeyPrefix);

        var response = await organizer.ScheduleAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(p => p.Name), Does.Contain(field));
        Assert.That(TestRedis.Snapshot(app.KeyPrefix), Is.EqualTo(before), "a refused request changes nothing stored");
    }

    [Test]
    public async Task Malformed_json_is_refused_and_nothing_is_stored()
    {
        var before = TestRedis.Snapshot(app.KeyPrefix);

        var response = await organizer.Http.PostAsync("/api/v1/conferences", new StringContent("{\"title\": \"x\", \"durationMinutes\": ", Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(TestRedis.Snapshot(app.KeyPrefix), Is.EqualTo(before));
    }

    [Test]
    public async Task A_body_that_is_not_json_is_refused_as_an_unsupported_media_type()
    {
        var response = await organizer.Http.PostAsync("/api/v1/conferences", new StringContent("title=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [Test]
    public async Task An_oversized_body_is_413_and_nothing_is_stored()
    {
        var before = TestRedis.Snapshot(app.KeyPrefix);
        var huge = new { title = new string('x', 100_000), start = Future, durationMinutes = 30, timeZone = "UTC" };

        var response = await organizer.ScheduleAsync(huge);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(TestRedis.Snapshot(app.KeyPrefix), Is.EqualTo(before));
    }

    [Test]
    public async Task An_oversized_chunked_body_without_a_length_is_413_too()
    {
        var json = JsonSerializer.Serialize(new { title = new string('x', 100_000), start = Future, durationMinutes = 30 });
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");

        var response = await organizer.Http.PostAsync("/api/v1/conferences", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task Rescheduling_with_bad_fields_changes_nothing()
    {
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(2));
        var before = TestRedis.Snapshot(app.KeyPrefix);

        var response = await organizer.Http.PatchAsJsonAsync("/api/v1/conferences/" + meeting.Id, new { start = "2001-01-01T00:00:00Z", durationMinutes = 5000 });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "start", "durationMinutes" }));
        Assert.That(TestRedis.Snapshot(app.KeyPrefix), Is.EqualTo(before));
    }
}
