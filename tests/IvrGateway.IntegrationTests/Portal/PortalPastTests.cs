using System.Net;
using IvrGateway.Simulator.Calls;
using static IvrGateway.IntegrationTests.Portal.PortalForms;

namespace IvrGateway.IntegrationTests.Portal;

/// <summary>After a meeting: Past on Home with the attendance count, the attendance on the meeting page and as CSV. Each test moves its own clock.</summary>
public sealed class PortalPastTests
{
    [Test]
    public async Task An_ended_meeting_is_in_past_with_its_attendance_which_the_page_shows_and_the_csv_exports_with_masked_numbers()
    {
        using var app = new IvrApplication(startsAt: TestClock.Afternoon);
        var (organizer, meeting) = await VoiceScenarios.UniqueAsync(app, "Alice Archer", "Bob Baker");
        var call = await app.Twilio().DialAsync("+12025550901", [meeting.AccessCode + "#", meeting.Passcode("Alice Archer") + "#"], CancellationToken.None);
        Assert.That(call.Outcome, Is.EqualTo(CallOutcome.Bridged));
        using var portal = await PortalClient.SignInAsync(app, organizer);
        var before = Section(await portal.GetPageAsync("/portal"), "past-heading");

        app.Time.Advance(TimeSpan.FromHours(1));
        var past = Section(await portal.GetPageAsync("/portal"), "past-heading");
        var page = await portal.GetPageAsync("/portal/meetings/" + meeting.Id);
        using var csv = await portal.GetAsync($"/portal/meetings/{meeting.Id}/attendance.csv");
        var text = await csv.Content.ReadAsStringAsync();
        var attendance = Section(page, "attendance-heading");

        Assert.Multiple(() =>
        {
            Assert.That(before, Does.Not.Contain(meeting.Id), "not past while it runs");
            Assert.That(past, Does.Contain($"href=\"/portal/meetings/{meeting.Id}\""));
            Assert.That(Text(past), Does.Contain("Weekly sync").And.Contain("1 participant").And.Contain("Ended"));
            Assert.That(Text(attendance), Does.Contain("Alice Archer").And.Contain("+1********01"));
            Assert.That(attendance, Does.Not.Contain("+12025550901"));
            Assert.That(attendance, Does.Contain($"href=\"/portal/meetings/{meeting.Id}/attendance.csv\""));
            Assert.That(csv.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(csv.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
            Assert.That(csv.Content.Headers.ContentDisposition?.FileName, Does.Contain("attendance-" + meeting.Id));
            Assert.That(text.Split("\r\n")[0], Is.EqualTo("who,label,role,email,phone,joined,left,durationSeconds"));
            Assert.That(text, Does.Contain("Alice Archer,Alice Archer,participant,alicearcher@example.com,'+1********01,2099-06-16T10:"));
            Assert.That(text, Does.Not.Contain("2025550901"));
        });
    }

    [Test]
    public async Task Past_lists_ended_meetings_newest_first_twenty_a_page()
    {
        using var app = new IvrApplication(startsAt: TestClock.Afternoon);
        var organizer = await app.NewOrganizerAsync("Pat Past");
        for (var i = 1; i <= 22; i++)
        {
            await organizer.ScheduleOkAsync(new
            {
                title = $"Old {i:00}", start = Iso(app.Time.GetUtcNow().AddHours(i)), durationMinutes = 30, timeZone = "America/New_York",
                security = new { passcodeMode = "none" },
            });
        }
        app.Time.Advance(TimeSpan.FromDays(2));
        using var portal = await PortalClient.SignInAsync(app, organizer);

        var first = Section(await portal.GetPageAsync("/portal"), "past-heading");
        var second = Section(await portal.GetPageAsync("/portal?past=2"), "past-heading");

        Assert.Multiple(() =>
        {
            Assert.That(first.IndexOf("Old 22", StringComparison.Ordinal), Is.LessThan(first.IndexOf("Old 21", StringComparison.Ordinal)), "newest first");
            Assert.That(first, Does.Contain("Old 03").And.Not.Contain("Old 02"));
            Assert.That(first, Does.Contain("href=\"/portal?past=2#past-heading\" rel=\"next\""));
            Assert.That(second, Does.Contain("Old 02").And.Contain("Old 01").And.Not.Contain("Old 03"));
            Assert.That(Text(second), Does.Contain("0 participants"));
        });
    }
}
