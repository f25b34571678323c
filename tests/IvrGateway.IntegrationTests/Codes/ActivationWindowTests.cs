using System.Globalization;
using IvrGateway.Codes;

namespace IvrGateway.IntegrationTests.Codes;

/// <summary>The window's edges, to the second, with the test's clock.</summary>
public sealed class ActivationWindowTests : ApplicationFixture<IvrApplication>
{
    private TestOrganizer organizer = null!;
    private ConferenceDto meeting = null!;
    private DateTimeOffset start;

    [OneTimeSetUp]
    public async Task Start()
    {
        organizer = await app.NewOrganizerAsync();
        // A meeting at 15:15 tomorrow (UTC): its code opens at 15:00:00.
        var now = app.Time.GetUtcNow();
        start = new DateTimeOffset(now.Year, now.Month, now.Day, 15, 15, 0, TimeSpan.Zero).AddDays(1);
        meeting = await organizer.ScheduleOkAsync(new
        {
            title = "Quarterly review",
            start = start.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture),
            durationMinutes = 60,
            timeZone = "UTC",
        });
    }

    private async Task<CodeState> StateAt(string hhmmss, int dayOffset = 0)
    {
        var time = TimeSpan.Parse(hhmmss, CultureInfo.InvariantCulture);
        var instant = new DateTimeOffset(start.Date, TimeSpan.Zero).AddDays(dayOffset) + time;
        return (await app.Service<CodeLookup>().FindAsync(meeting.AccessCode, instant)).State;
    }

    [Test]
    public async Task At_14_59_59_the_code_is_not_open_yet() =>
        Assert.That(await StateAt("14:59:59"), Is.EqualTo(CodeState.NotYetActive));

    [Test]
    public async Task At_15_00_00_the_code_opens() =>
        Assert.That(await StateAt("15:00:00"), Is.EqualTo(CodeState.Active));

    [Test]
    public async Task The_code_stays_open_until_an_hour_after_the_scheduled_end()
    {
        Assert.That(await StateAt("17:14:59"), Is.EqualTo(CodeState.Active));
        Assert.That(await StateAt("17:15:00"), Is.EqualTo(CodeState.Expired));
    }

    [Test]
    public async Task The_lookup_reports_the_start_and_opening_for_an_early_caller()
    {
        var match = await app.Service<CodeLookup>().FindAsync(meeting.AccessCode, start.AddHours(-3));

        Assert.That(match.State, Is.EqualTo(CodeState.NotYetActive));
        Assert.That(match.Start, Is.EqualTo(start));
        Assert.That(match.ActiveFrom, Is.EqualTo(start.AddMinutes(-15)));
        Assert.That(match.TimeZone, Is.EqualTo("UTC"));
    }

    [Test]
    public async Task A_lead_configured_to_5_minutes_opens_the_code_at_15_10()
    {
        using var custom = new IvrApplication(new() { ["Gateway:ActivationLeadMinutes"] = "5" });
        var owner = await custom.NewOrganizerAsync();
        var m = await owner.ScheduleOkAsync(new { title = "Short lead", start = start.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture), durationMinutes = 30, timeZone = "UTC" });
        var lookup = custom.Service<CodeLookup>();

        Assert.That((await lookup.FindAsync(m.AccessCode, start.AddMinutes(-5).AddSeconds(-1))).State, Is.EqualTo(CodeState.NotYetActive));
        Assert.That((await lookup.FindAsync(m.AccessCode, start.AddMinutes(-5))).State, Is.EqualTo(CodeState.Active));
    }

    [Test]
    public async Task A_code_nobody_issued_is_unknown()
    {
        var match = await app.Service<CodeLookup>().FindAsync(AccessCodes.Generate(), start);

        Assert.That(match.State, Is.EqualTo(CodeState.Unknown));
    }
}
