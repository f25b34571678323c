using System.Net;
using IvrGateway.Codes;
using IvrGateway.IntegrationTests.Conferences;

namespace IvrGateway.IntegrationTests.Portal.Live;

/// <summary>The Live page and Start through the portal's forms, in process: owner only, antiforgery, odd input, PRG.</summary>
public sealed class LivePageTests
{
    private static readonly string[] Actions = ["CallMe", "Mute", "Remove", "Lock", "End"];

    [Test]
    public async Task Another_organizer_s_meeting_is_not_found_on_the_live_page_the_roster_and_every_action()
    {
        using var live = new LiveApplication();
        await live.StartAsync();
        var (_, meeting) = await VoiceScenarios.OpenAsync(live.App);
        var mallory = await live.App.NewOrganizerAsync("Mallory Meddler");
        using var portal = await PortalClient.SignInAsync(live.App, mallory);
        var own = await mallory.ScheduleInAsync(TimeSpan.FromMinutes(5));
        var formPage = $"/portal/meetings/{own.Id}/live";

        var statuses = new List<(string What, HttpStatusCode Status)>();
        using (var page = await portal.GetAsync($"/portal/meetings/{meeting.Id}/live"))
        {
            statuses.Add(("live page", page.StatusCode));
        }
        using (var roster = await portal.GetAsync($"/portal/meetings/{meeting.Id}/live?handler=Roster"))
        {
            statuses.Add(("roster", roster.StatusCode));
        }
        foreach (var action in Actions)
        {
            using var response = await portal.PostFormAsync($"/portal/meetings/{meeting.Id}/live?handler={action}",
                new() { ["callSid"] = "CA" + new string('1', 32), ["muted"] = "true", ["locked"] = "true", ["Phone"] = "+12025550100" }, formPage);
            statuses.Add((action, response.StatusCode));
        }
        using (var start = await portal.PostFormAsync($"/portal/meetings/{meeting.Id}/start", [], formPage))
        {
            statuses.Add(("start", start.StatusCode));
        }

        Assert.That(statuses.Where(s => s.Status != HttpStatusCode.NotFound), Is.Empty);
        var controls = await live.App.Service<AccessSlotStore>().LiveControlsAsync((await live.MeetingAsync(meeting.Id)).SlotId, meeting.Id);
        Assert.That(controls.Locked || controls.Ended, Is.False, "nothing changed");
        Assert.That(live.Rest.PlacedCalls, Is.Empty, "no call was placed");
    }

    [Test]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_and_changes_nothing()
    {
        using var live = new LiveApplication();
        await live.StartAsync();
        var organizer = await live.App.NewOrganizerAsync("Tina Token");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5));
        using var portal = await PortalClient.SignInAsync(live.App, organizer);

        var statuses = new List<HttpStatusCode>();
        foreach (var action in Actions)
        {
            using var response = await portal.PostFormWithoutTokenAsync($"/portal/meetings/{meeting.Id}/live?handler={action}",
                new() { ["callSid"] = "CA" + new string('1', 32), ["muted"] = "true", ["locked"] = "true", ["Phone"] = "+12025550100" });
            statuses.Add(response.StatusCode);
        }
        using (var start = await portal.PostFormWithoutTokenAsync($"/portal/meetings/{meeting.Id}/start", []))
        {
            statuses.Add(start.StatusCode);
        }

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.BadRequest));
        var controls = await live.App.Service<AccessSlotStore>().LiveControlsAsync((await live.MeetingAsync(meeting.Id)).SlotId, meeting.Id);
        Assert.That(controls.Locked || controls.Ended, Is.False);
        Assert.That(live.Rest.PlacedCalls, Is.Empty);
    }

    [TestCase("/portal/meetings/mtg_doesnotexist/live")]
    [TestCase("/portal/meetings/%ff%fe/live")]
    [TestCase("/portal/meetings/mtg_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/live")]
    [TestCase("/portal/meetings/'%3Cscript%3E/live?handler=Roster")]
    [TestCase("/portal/meetings/mtg_doesnotexist/start")]
    public async Task An_unknown_or_malformed_meeting_id_is_not_found_never_an_error(string path)
    {
        using var app = new IvrApplication();
        var organizer = await app.NewOrganizerAsync("Otto Odd");
        using var portal = await PortalClient.SignInAsync(app, organizer);

        using var response = await portal.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Odd_form_values_never_answer_500_and_store_nothing()
    {
        using var live = new LiveApplication();
        await live.StartAsync();
        var organizer = await live.App.NewOrganizerAsync("Olga Odd");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5));
        using var portal = await PortalClient.SignInAsync(live.App, organizer);
        var page = $"/portal/meetings/{meeting.Id}/live";
        var odd = new[] { "", "x", new string('9', 5000), "CA" + new string('z', 32), "<script>", "true\0", "+1 (202) 555-01" };

        var statuses = new List<string>();
        foreach (var value in odd)
        {
            // End takes no input: it is the one action here that would work.
            foreach (var action in Actions.Where(a => a != "End"))
            {
                using var response = await portal.PostFormAsync($"{page}?handler={action}",
                    new() { ["callSid"] = value, ["muted"] = value, ["locked"] = value, ["Phone"] = value }, page);
                // A NUL in a form is refused by the framework's form reader (400) before the page runs: fine, it is not a 500.
                var allowed = response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect
                    || (value.Contains('\0', StringComparison.Ordinal) && response.StatusCode == HttpStatusCode.BadRequest);
                if (!allowed)
                {
                    statuses.Add($"{action} with {value[..Math.Min(value.Length, 12)]}: {(int)response.StatusCode}");
                }
            }
        }

        Assert.That(statuses, Is.Empty, "every odd value gets the page again or a redirect with a message");
        var controls = await live.App.Service<AccessSlotStore>().LiveControlsAsync((await live.MeetingAsync(meeting.Id)).SlotId, meeting.Id);
        Assert.That(controls.Locked || controls.Ended, Is.False);
        Assert.That(live.Rest.PlacedCalls, Is.Empty, "no odd phone number was called");
    }

    [Test]
    public async Task A_phone_number_that_is_not_one_is_refused_next_to_the_field()
    {
        using var live = new LiveApplication();
        await live.StartAsync();
        var organizer = await live.App.NewOrganizerAsync("Fiona Field");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5));
        using var portal = await PortalClient.SignInAsync(live.App, organizer);
        var page = $"/portal/meetings/{meeting.Id}/live";

        using var response = await portal.PostFormAsync($"{page}?handler=CallMe", new() { ["Phone"] = "call me maybe" }, page);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("id=\"phone-error\""));
            Assert.That(html, Does.Contain("aria-describedby=\"phone-hint phone-error\""));
            Assert.That(html, Does.Contain("There is a problem"));
            Assert.That(live.Rest.PlacedCalls, Is.Empty);
        });
    }

    [Test]
    public async Task Call_me_through_the_page_places_the_call_and_redirects_with_a_status_message()
    {
        using var live = new LiveApplication();
        await live.StartAsync();
        var organizer = await live.App.NewOrganizerAsync("Carla Caller");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5));
        using var portal = await PortalClient.SignInAsync(live.App, organizer);
        var page = $"/portal/meetings/{meeting.Id}/live";

        using var response = await portal.PostFormAsync($"{page}?handler=CallMe", new() { ["Phone"] = "+1 202 555 0166" }, page);
        var roster = await live.RosterWhenAsync(meeting.Id, r => r.Participants.Any(p => p.IsHost), "the organizer to join as host");
        var after = await portal.GetPageAsync(page);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo(page));
            Assert.That(live.Rest.PlacedCalls.Single().To, Is.EqualTo("+12025550166"), "the typed number, in E.164");
            Assert.That(roster.Participants.Single().Label, Is.EqualTo("Carla Caller"));
            Assert.That(after, Does.Contain("Carla Caller").And.Contain("Host"));
        });
    }

    [Test]
    public async Task Start_from_any_portal_form_opens_the_meeting_and_goes_to_its_live_page()
    {
        using var app = new IvrApplication(startsAt: new DateTimeOffset(2027, 3, 10, 15, 0, 0, TimeSpan.Zero));
        var organizer = await app.NewOrganizerAsync("Stan Start");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromHours(3));
        using var portal = await PortalClient.SignInAsync(app, organizer);
        Assert.That((await app.LookupAsync(meeting.AccessCode)).State, Is.EqualTo(CodeState.NotYetActive));

        using var response = await portal.PostFormAsync($"/portal/meetings/{meeting.Id}/start", [], $"/portal/meetings/{meeting.Id}/live");
        var live = await portal.GetPageAsync($"/portal/meetings/{meeting.Id}/live");

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo($"/portal/meetings/{meeting.Id}/live"));
            Assert.That((await app.LookupAsync(meeting.AccessCode)).State, Is.EqualTo(CodeState.Active));
            Assert.That(live, Does.Contain("The meeting is open"));
            Assert.That(live, Does.Contain("Open now"));
        });
    }

    [Test]
    public async Task The_live_page_gives_the_meeting_s_day_and_times_in_the_words_of_the_meeting_page()
    {
        using var app = new IvrApplication(startsAt: new DateTimeOffset(2027, 3, 10, 15, 0, 0, TimeSpan.Zero));
        var organizer = await app.NewOrganizerAsync("Dora Dates");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromHours(3));
        using var portal = await PortalClient.SignInAsync(app, organizer);

        var details = await portal.GetPageAsync($"/portal/meetings/{meeting.Id}");
        var live = await portal.GetPageAsync($"/portal/meetings/{meeting.Id}/live");
        var day = System.Text.RegularExpressions.Regex.Match(details, "<dt>Date</dt><dd>([^<]+)</dd>").Groups[1].Value;

        Assert.Multiple(() =>
        {
            Assert.That(day, Does.Contain("2027"));
            Assert.That(live, Does.Contain(day + ", "));
            Assert.That(live, Does.Not.Contain(" PM").And.Not.Contain(" AM"), "24-hour times, as everywhere else in the portal");
        });
    }

    [Test]
    public async Task Call_me_to_a_country_that_is_not_allowed_says_so_on_the_page_and_rings_nobody()
    {
        using var live = new LiveApplication();
        await live.StartAsync();
        var organizer = await live.App.NewOrganizerAsync("Tom Toll");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5));
        using var portal = await PortalClient.SignInAsync(live.App, organizer);
        var page = $"/portal/meetings/{meeting.Id}/live";

        using var response = await portal.PostFormAsync($"{page}?handler=CallMe", new() { ["Phone"] = "+44 20 7946 0123" }, page);
        var after = await portal.GetPageAsync(page);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(after, Does.Contain("Call me can only ring numbers in"));
            Assert.That(live.Rest.PlacedCalls, Is.Empty);
        });
    }

    [Test]
    public async Task The_roster_panel_stops_the_page_polling_once_the_meeting_is_cancelled_or_its_window_closed_empty_and_says_why()
    {
        using var app = new IvrApplication(startsAt: new DateTimeOffset(2027, 3, 10, 15, 0, 0, TimeSpan.Zero));
        var organizer = await app.NewOrganizerAsync("Pola Polling");
        var cancelled = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5));
        var expiring = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5));
        using var portal = await PortalClient.SignInAsync(app, organizer);
        string Roster(string id) => $"/portal/meetings/{id}/live?handler=Roster";

        var running = await portal.GetPageAsync(Roster(cancelled.Id));
        (await organizer.Http.DeleteAsync($"/api/v1/conferences/{cancelled.Id}")).EnsureSuccessStatusCode();
        var afterCancel = await portal.GetPageAsync(Roster(cancelled.Id));
        var cancelledPage = await portal.GetPageAsync($"/portal/meetings/{cancelled.Id}/live");
        app.Time.Advance(TimeSpan.FromHours(3));
        var afterWindow = await portal.GetPageAsync(Roster(expiring.Id));

        Assert.Multiple(() =>
        {
            Assert.That(running, Does.Contain($"data-refresh=\"{Roster(cancelled.Id)}\"").And.Not.Contain("roster-over"), "a running meeting's roster is polled");
            Assert.That(afterCancel, Does.Contain("data-refresh=\"\""), "a cancelled meeting's roster is not polled any more");
            Assert.That(afterCancel, Does.Contain("data-over=\"The meeting was cancelled.\"").And.Contain("id=\"roster-over\""));
            Assert.That(cancelledPage, Does.Contain("data-refresh=\"\""), "opened after the end, the page never starts polling");
            Assert.That(afterWindow, Does.Contain("data-refresh=\"\""));
            Assert.That(afterCancel, Does.Not.Contain("Lock the meeting"), "nothing left to control");
            Assert.That(afterWindow, Does.Contain("its access code has expired and everyone has left"));
        });
    }
}
