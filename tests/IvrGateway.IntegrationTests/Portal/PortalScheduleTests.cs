using System.Net;
using System.Net.Http.Json;
using static IvrGateway.IntegrationTests.Portal.PortalForms;

namespace IvrGateway.IntegrationTests.Portal;

/// <summary>Schedule a conference and the Home lists, on a fixed clock: 16 June 2099, 10:00 in New York, the organizers' zone.</summary>
public sealed class PortalScheduleTests : ApplicationFixture<IvrApplication>
{
    protected override IvrApplication CreateApplication() => new(startsAt: TestClock.Afternoon);

    [Test]
    public async Task A_meeting_scheduled_with_unique_passcodes_through_the_form_is_in_todays_calls_with_a_start_form()
    {
        var organizer = await app.NewOrganizerAsync("Uma Unique");
        var alice = await organizer.AddContactAsync("Alice Archer");
        var bob = await organizer.AddContactAsync("Bob Baker");
        using var portal = await PortalClient.SignInAsync(app, organizer);

        var id = await portal.ScheduleOkAsync(Schedule("Budget review", "2099-06-16", "11:00", "unique", [alice.Id, bob.Id]));
        var page = await portal.GetPageAsync("/portal/meetings/" + id);
        var home = await portal.GetPageAsync("/portal");
        var meeting = await organizer.ConferenceAsync(id);

        var today = Section(home, "today-heading");
        Assert.Multiple(() =>
        {
            Assert.That(meeting.PasscodeMode, Is.EqualTo("unique"));
            Assert.That(meeting.AccessCodeKind, Is.EqualTo("oneTime"));
            Assert.That(meeting.Start, Is.EqualTo(new DateTimeOffset(2099, 6, 16, 15, 0, 0, TimeSpan.Zero)), "11:00 in New York");
            Assert.That(meeting.Invitations.Select(i => i.Name), Is.EquivalentTo(new[] { "Alice Archer", "Bob Baker" }));
            Assert.That(meeting.Invitations.Select(i => i.Passcode).Distinct().Count(), Is.EqualTo(2), "a passcode each");
            Assert.That(Text(today), Does.Contain("Budget review").And.Contain("11:00–11:30").And.Contain("code opens at 10:45").And.Contain("Scheduled"));
            Assert.That(today, Does.Contain($"action=\"/portal/meetings/{id}/start\""));
            Assert.That(today, Does.Contain("name=\"__RequestVerificationToken\""), "the Start form carries its antiforgery token");
            Assert.That(page, Does.Contain("Scheduled &#x201C;Budget review&#x201D;").Or.Contain("Scheduled \u201cBudget review\u201d"), "the status message after the redirect");
            foreach (var invitation in meeting.Invitations)
            {
                Assert.That(page, Does.Contain(invitation.Passcode!));
                Assert.That(page, Does.Contain(invitation.JoinUrl));
            }
        });
    }

    [Test]
    public async Task A_bad_submit_shows_each_error_next_to_its_field_keeps_the_values_and_stores_nothing()
    {
        var organizer = await app.NewOrganizerAsync("Bea Bad");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        var before = await app.MeetingCountAsync(organizer);

        using var response = await portal.PostFieldsAsync("/portal/meetings/new",
            Schedule("", "2099-13-45", "09:00", "shared", duration: "ninety", sharedPasscode: "12"), "/portal/meetings/new");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(Element(html, "error-summary"), Does.Contain("There is a problem"));
            Assert.That(Element(html, "title-error"), Is.EqualTo("A title is required."));
            Assert.That(Element(html, "date-error"), Does.Contain("year-month-day"));
            Assert.That(Element(html, "duration-error"), Does.Contain("whole number of minutes"));
            Assert.That(Element(html, "sharedPasscode-error"), Does.Contain("4 to 12 digits"));
            Assert.That(html, Does.Contain("aria-describedby=\"title-error\""));
            Assert.That(html, Does.Contain("value=\"ninety\""), "values are kept");
            Assert.That(html, Does.Contain("value=\"12\""));
            Assert.That(html, Does.Contain("href=\"#sharedPasscode\""), "the summary links to the field");
            Assert.That(await app.MeetingCountAsync(organizer), Is.EqualTo(before), "nothing stored");
        });
    }

    [Test]
    public async Task A_time_the_clocks_skip_and_a_start_in_the_past_are_refused_next_to_their_fields()
    {
        var organizer = await app.NewOrganizerAsync("Gary Gap");
        using var portal = await PortalClient.SignInAsync(app, organizer);

        using var gap = await portal.PostFieldsAsync("/portal/meetings/new", Schedule("Spring", "2100-03-14", "02:30"), "/portal/meetings/new");
        using var past = await portal.PostFieldsAsync("/portal/meetings/new", Schedule("Yesterday", "2099-06-15", "09:00"), "/portal/meetings/new");

        Assert.Multiple(async () =>
        {
            Assert.That(Element(await gap.Content.ReadAsStringAsync(), "time-error"), Does.Contain("does not exist"));
            Assert.That(Element(await past.Content.ReadAsStringAsync(), "date-error"), Is.EqualTo("The date and time are in the past."));
            Assert.That(await app.MeetingCountAsync(organizer), Is.Zero);
        });
    }

    [Test]
    public async Task Security_settings_are_pre_filled_from_the_defaults_and_a_new_meeting_takes_them()
    {
        var organizer = await app.NewOrganizerAsync("Dee Defaults");
        (await organizer.Http.PutAsJsonAsync("/api/v1/me/security", new { oneTimeAccessCode = true, passcodeMode = "shared", sharedPasscode = "583920" }))
            .EnsureSuccessStatusCode();
        using var portal = await PortalClient.SignInAsync(app, organizer);

        var form = await portal.GetPageAsync("/portal/meetings/new");
        var id = await portal.ScheduleOkAsync(Schedule("Defaults", "2099-06-17", "09:00", "shared", sharedPasscode: "583920"));
        var meeting = await organizer.ConferenceAsync(id);
        (await organizer.Http.PutAsJsonAsync("/api/v1/me/security", new { oneTimeAccessCode = false, passcodeMode = "none" })).EnsureSuccessStatusCode();
        var changed = await portal.GetPageAsync("/portal/meetings/new");

        Assert.Multiple(() =>
        {
            Assert.That(form, Does.Contain("<legend>Security Settings</legend>"));
            Assert.That(form, Does.Match("id=\"oneTimeAccessCode\"[^>]*checked"));
            Assert.That(form, Does.Match("id=\"passcodeMode-shared\"[^>]*checked"));
            Assert.That(form, Does.Match("id=\"sharedPasscode\"[^>]*value=\"583920\""));
            Assert.That(meeting.PasscodeMode, Is.EqualTo("shared"));
            Assert.That(meeting.SharedPasscode, Is.EqualTo("583920"));
            Assert.That(meeting.AccessCodeKind, Is.EqualTo("oneTime"));
            Assert.That(changed, Does.Not.Match("id=\"oneTimeAccessCode\"[^>]*checked"));
            Assert.That(changed, Does.Match("id=\"passcodeMode-none\"[^>]*checked"));
        });
    }

    [Test]
    public async Task The_form_lists_the_address_book_or_links_to_it_when_it_is_empty()
    {
        var empty = await app.NewOrganizerAsync("Ned Nobody");
        var full = await app.NewOrganizerAsync("Fay Friends");
        var alice = await full.AddContactAsync("Alice Archer");
        using var emptyPortal = await PortalClient.SignInAsync(app, empty);
        using var fullPortal = await PortalClient.SignInAsync(app, full);

        var emptyForm = await emptyPortal.GetPageAsync("/portal/meetings/new");
        var fullForm = await fullPortal.GetPageAsync("/portal/meetings/new");

        Assert.Multiple(() =>
        {
            Assert.That(emptyForm, Does.Contain("href=\"/portal/contacts\""));
            Assert.That(fullForm, Does.Contain($"value=\"{alice.Id}\"").And.Contain("Alice Archer").And.Contain(alice.Email));
            Assert.That(fullForm, Does.Contain($"<label class=\"choice\" for=\"invitee-{alice.Id}\">"));
        });
    }

    [Test]
    public async Task Upcoming_lists_twenty_meetings_a_page_with_next_and_previous_links()
    {
        var organizer = await app.NewOrganizerAsync("Paige Pager");
        var tomorrow = app.Time.GetUtcNow().AddDays(1);
        for (var i = 1; i <= 23; i++)
        {
            await organizer.ScheduleOkAsync(new
            {
                title = $"Planning {i:00}", start = Iso(tomorrow.AddHours(i)), durationMinutes = 30, timeZone = "America/New_York",
                security = new { passcodeMode = "none" },
            });
        }
        using var portal = await PortalClient.SignInAsync(app, organizer);

        var first = Section(await portal.GetPageAsync("/portal"), "upcoming-heading");
        var second = Section(await portal.GetPageAsync("/portal?page=2"), "upcoming-heading");

        Assert.Multiple(() =>
        {
            Assert.That(Enumerable.Range(1, 20).All(i => first.Contains($"Planning {i:00}", StringComparison.Ordinal)), first);
            Assert.That(first, Does.Not.Contain("Planning 21"));
            Assert.That(first, Does.Contain("href=\"/portal?page=2#upcoming-heading\" rel=\"next\""));
            Assert.That(first, Does.Not.Contain("rel=\"prev\""));
            Assert.That(second, Does.Contain("Planning 21").And.Contain("Planning 23"));
            Assert.That(second, Does.Not.Contain("Planning 20"));
            Assert.That(second, Does.Contain("href=\"/portal?page=1#upcoming-heading\" rel=\"prev\""));
            Assert.That(second, Does.Not.Contain("rel=\"next\""));
        });
    }

    [Test]
    public async Task An_organizer_with_no_meetings_sees_empty_lists_that_link_to_schedule()
    {
        var organizer = await app.NewOrganizerAsync("Eve Empty");
        using var portal = await PortalClient.SignInAsync(app, organizer);

        var home = await portal.GetPageAsync("/portal");

        Assert.Multiple(() =>
        {
            Assert.That(Text(Section(home, "upcoming-heading")), Does.Contain("Nothing scheduled after today."));
            Assert.That(Text(Section(home, "past-heading")), Does.Contain("No meetings have ended yet."));
            Assert.That(Text(home), Does.Contain("No calls today."));
            Assert.That(home.Split("href=\"/portal/meetings/new\"").Length - 1, Is.GreaterThanOrEqualTo(4), "the nav and each empty list");
        });
    }
}
