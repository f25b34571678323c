using System.Net;
using IvrGateway.Simulator.Calls;
using IvrGateway.Testing.Twilio;
using static IvrGateway.IntegrationTests.Portal.PortalForms;

namespace IvrGateway.IntegrationTests.Portal;

/// <summary>The meeting page and its actions, on a fixed clock: 16 June 2099, 10:00 in New York.</summary>
public sealed class PortalMeetingPageTests : ApplicationFixture<IvrApplication>
{
    protected override IvrApplication CreateApplication() => new(startsAt: TestClock.Afternoon);

    [Test]
    public async Task The_meeting_page_shows_the_window_the_codes_the_one_tap_strings_and_each_invitation_with_copy_buttons()
    {
        var organizer = await app.NewOrganizerAsync("Mia Meeting");
        var alice = await organizer.AddContactAsync("Alice Archer");
        var bob = await organizer.AddContactAsync("Bob Baker");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        var id = await portal.ScheduleOkAsync(Schedule("Quarterly", "2099-06-16", "11:00", "unique", [alice.Id, bob.Id]));
        var meeting = await organizer.ConferenceAsync(id);

        using var response = await portal.GetAsync("/portal/meetings/" + id);
        var html = await response.Content.ReadAsStringAsync();
        var pin = organizer.Account.HostPin;

        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True, "the page shows secrets");
            Assert.That(Text(html), Does.Contain("code opens at 10:45, closes at 12:30"));
            Assert.That(Text(html), Does.Contain("11:00–11:30 (30 minutes), America/New_York"));
            Assert.That(html, Does.Contain(meeting.AccessCode));
            Assert.That(html, Does.Contain($"data-copy=\"{meeting.AccessCode}\""));
            Assert.That(Text(html), Does.Contain($"{IvrApplication.DialInNumber},,{meeting.AccessCode}*{pin}#"), "the host's one-tap string");
            Assert.That(Text(html), Does.Contain($"+4930901820,,{meeting.AccessCode}*{pin}#"));
            foreach (var invitation in meeting.Invitations)
            {
                Assert.That(html, Does.Contain($"data-copy=\"{invitation.Passcode}\""));
                Assert.That(html, Does.Contain($"data-copy=\"{invitation.JoinUrl}\""));
                Assert.That(Text(html), Does.Contain(invitation.DialString!));
            }
            Assert.That(html, Does.Contain("class=\"copy\"").And.Contain("hidden>Copy</button>"), "copy buttons wait for the script");
            Assert.That(html, Does.Not.Contain("Start, Call me and join from this browser"), "the window has not opened");
        });
    }

    [Test]
    public async Task During_the_window_the_page_shows_the_live_roster_and_links_to_start_and_call_me()
    {
        var organizer = await app.NewOrganizerAsync("Liv Live");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        var id = await portal.ScheduleOkAsync(Schedule("Stand-up", "2099-06-16", "10:05"));

        var html = await portal.GetPageAsync("/portal/meetings/" + id);

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain($"<a class=\"live-link\" href=\"/portal/meetings/{id}/live\">Start, Call me and join from this browser</a>"));
            Assert.That(html, Does.Contain("id=\"live-roster\""), "the roster with its host controls is on the meeting's own page");
            Assert.That(html, Does.Contain("/portal/live.js"), "and keeps itself current");
        });
    }

    [Test]
    public async Task Rescheduling_from_the_page_moves_the_meeting_and_a_bad_value_is_shown_next_to_its_field()
    {
        var organizer = await app.NewOrganizerAsync("Rita Reschedule");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        var id = await portal.ScheduleOkAsync(Schedule("Review", "2099-06-18", "09:00"));
        var path = $"/portal/meetings/{id}/reschedule";

        var form = await portal.GetPageAsync(path);
        using var bad = await portal.PostFieldsAsync(path, Fields("Review", "2099-06-18", "09:00", duration: "0"), path);
        var badHtml = await bad.Content.ReadAsStringAsync();
        var unchanged = await organizer.ConferenceAsync(id);
        using var good = await portal.PostFieldsAsync(path, Fields("Review, moved", "2099-06-19", "14:30", duration: "45"), path);
        var moved = await organizer.ConferenceAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(form, Does.Contain("value=\"2099-06-18\"").And.Contain("value=\"09:00\"").And.Contain("value=\"30\""), "pre-filled");
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(Element(badHtml, "duration-error"), Does.Contain("between 1 and 1440"));
            Assert.That(unchanged.Start, Is.EqualTo(new DateTimeOffset(2099, 6, 18, 13, 0, 0, TimeSpan.Zero)));
            Assert.That(good.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(good.Headers.Location?.OriginalString, Is.EqualTo("/portal/meetings/" + id));
            Assert.That(moved.Title, Is.EqualTo("Review, moved"));
            Assert.That(moved.Start, Is.EqualTo(new DateTimeOffset(2099, 6, 19, 18, 30, 0, TimeSpan.Zero)));
            Assert.That(moved.DurationMinutes, Is.EqualTo(45));
        });

        static List<KeyValuePair<string, string>> Fields(string title, string date, string time, string duration) =>
            [new("title", title), new("date", date), new("time", time), new("duration", duration), new("timeZone", "America/New_York"), new("waitForHost", "true")];
    }

    [Test]
    public async Task Cancel_asks_for_a_confirmation_first_then_cancels_and_home_shows_it_cancelled_without_start()
    {
        var organizer = await app.NewOrganizerAsync("Cody Cancel");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        var id = await portal.ScheduleOkAsync(Schedule("Doomed", "2099-06-16", "16:00"));
        var self = "/portal/meetings/" + id;

        using var ask = await portal.PostFormAsync(self + "?handler=cancel", [], self);
        var askHtml = await ask.Content.ReadAsStringAsync();
        var stillScheduled = await organizer.ConferenceAsync(id);
        using var confirm = await portal.PostFormAsync(self + "?handler=cancelConfirmed", [], self + "?handler=cancel");
        var cancelled = await organizer.ConferenceAsync(id);
        var home = Section(await portal.GetPageAsync("/portal"), "today-heading");

        Assert.Multiple(() =>
        {
            Assert.That(ask.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(askHtml, Does.Contain("Cancel this meeting?").And.Contain("Yes, cancel the meeting"));
            Assert.That(stillScheduled.Status, Is.EqualTo("scheduled"), "the first step changes nothing");
            Assert.That(confirm.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(cancelled.Status, Is.EqualTo("cancelled"));
            Assert.That(Text(home), Does.Contain("Doomed").And.Contain("Cancelled"));
            Assert.That(home, Does.Not.Contain($"/portal/meetings/{id}/start"));
        });
    }

    [Test]
    public async Task A_removed_invitee_is_refused_at_once_and_an_added_one_joins_with_their_own_passcode()
    {
        var organizer = await app.NewOrganizerAsync("Ida Invites");
        var alice = await organizer.AddContactAsync("Alice Archer");
        var bob = await organizer.AddContactAsync("Bob Baker");
        var carol = await organizer.AddContactAsync("Carol Cole");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        var id = await portal.ScheduleOkAsync(Schedule("Invitees", "2099-06-16", "10:05", "unique", [alice.Id, bob.Id]));
        var self = "/portal/meetings/" + id;
        var before = await organizer.ConferenceAsync(id);
        var bobs = before.Invitations.Single(i => i.Name == "Bob Baker");

        using var removed = await portal.PostFormAsync(self + "?handler=removeInvitee", new() { ["contactId"] = bob.Id }, self);
        var page = await portal.GetPageAsync(self);
        using var added = await portal.PostFieldsAsync(self + "?handler=addInvitees", [new("contactIds", carol.Id)], self);
        var after = await organizer.ConferenceAsync(id);
        var carols = after.Invitations.Single(i => i.Name == "Carol Cole");
        var bobCall = await app.Twilio().DialAsync("+12025550911", [before.AccessCode + "#", bobs.Passcode + "#"], CancellationToken.None);
        var carolCall = await app.Twilio().DialAsync("+12025550912", [after.AccessCode + "#", carols.Passcode + "#"], CancellationToken.None);
        using var bobLink = await portal.Http.GetAsync(new Uri(bobs.JoinUrl).PathAndQuery);
        using var carolLink = await portal.Http.GetAsync(new Uri(carols.JoinUrl).PathAndQuery);

        Assert.Multiple(() =>
        {
            Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(Text(page), Does.Contain("Removed Bob Baker. Their passcode and join link no longer work"));
            Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(after.Invitations.Select(i => i.Name), Is.EquivalentTo(new[] { "Alice Archer", "Carol Cole" }));
            Assert.That(carols.Passcode, Is.Not.Null.And.Not.EqualTo(before.Invitations.Single(i => i.Name == "Alice Archer").Passcode));
            Assert.That(bobCall.Outcome, Is.Not.EqualTo(CallOutcome.Bridged), bobCall.Transcript());
            Assert.That(bobCall.Heard, Has.Some.EqualTo("That passcode is not correct."), bobCall.Transcript());
            Assert.That(carolCall.Outcome, Is.EqualTo(CallOutcome.Bridged), carolCall.Transcript());
            Assert.That(carolCall.Conference?.ParticipantLabel, Is.EqualTo("Carol Cole"));
            Assert.That(bobLink.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the removed invitee's link");
            Assert.That(carolLink.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the added invitee's link");
        });
    }

    [Test]
    public async Task Adding_nobody_or_an_invitee_twice_is_refused_next_to_the_list_and_changes_nothing()
    {
        var organizer = await app.NewOrganizerAsync("Nat Nothing");
        var alice = await organizer.AddContactAsync("Alice Archer");
        var bob = await organizer.AddContactAsync("Bob Baker");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        var id = await portal.ScheduleOkAsync(Schedule("Twice", "2099-06-17", "10:00", "unique", [alice.Id]));
        var self = "/portal/meetings/" + id;

        using var nobody = await portal.PostFieldsAsync(self + "?handler=addInvitees", [], self);
        using var twice = await portal.PostFieldsAsync(self + "?handler=addInvitees", [new("contactIds", alice.Id)], self);
        var nobodyHtml = await nobody.Content.ReadAsStringAsync();
        var after = await organizer.ConferenceAsync(id);

        Assert.Multiple(async () =>
        {
            Assert.That(nobody.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(Element(nobodyHtml, "contactIds-error"), Does.Contain("Choose at least one contact"));
            Assert.That(Element(await twice.Content.ReadAsStringAsync(), "contactIds-error"), Does.Contain("already invited"));
            Assert.That(after.Invitations.Select(i => i.ContactId), Is.EqualTo(new[] { alice.Id }));
            Assert.That(nobodyHtml, Does.Contain($"value=\"{bob.Id}\""), "the contacts not yet invited are offered");
        });
    }

    [Test]
    public async Task Another_organizers_meeting_is_not_found_on_every_page_and_action_and_stays_as_it_was()
    {
        var owner = await app.NewOrganizerAsync("Olga Owner");
        var alice = await owner.AddContactAsync("Alice Archer");
        var bob = await owner.AddContactAsync("Bob Baker");
        using var ownerPortal = await PortalClient.SignInAsync(app, owner);
        var id = await ownerPortal.ScheduleOkAsync(Schedule("Private", "2099-06-17", "10:00", "unique", [alice.Id]));
        var intruder = await app.NewOrganizerAsync("Ivan Intruder");
        using var portal = await PortalClient.SignInAsync(app, intruder);
        var self = "/portal/meetings/" + id;

        var statuses = new Dictionary<string, HttpStatusCode>();
        foreach (var path in new[] { self, self + "/reschedule", self + "/attendance.csv" })
        {
            using var response = await portal.GetAsync(path);
            statuses["GET " + path] = response.StatusCode;
        }
        foreach (var (handler, fields) in new (string, Dictionary<string, string>)[]
                 {
                     ("resend", new() { ["contactId"] = alice.Id }), ("resendAll", []), ("cancel", []), ("cancelConfirmed", []),
                     ("addInvitees", new() { ["contactIds"] = bob.Id }), ("removeInvitee", new() { ["contactId"] = alice.Id }),
                 })
        {
            using var response = await portal.PostFormAsync($"{self}?handler={handler}", fields, "/portal/meetings/new");
            statuses["POST " + handler] = response.StatusCode;
        }
        using (var reschedule = await portal.PostFormAsync(self + "/reschedule",
                   new() { ["title"] = "Mine now", ["date"] = "2099-06-18", ["time"] = "10:00", ["duration"] = "30", ["timeZone"] = "UTC" }, "/portal/meetings/new"))
        {
            statuses["POST reschedule"] = reschedule.StatusCode;
        }
        using (var api = await intruder.Http.DeleteAsync($"/api/v1/conferences/{id}/invitees/{alice.Id}"))
        {
            statuses["DELETE api invitee"] = api.StatusCode;
        }
        var after = await owner.ConferenceAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(statuses.Where(s => s.Value != HttpStatusCode.NotFound), Is.Empty);
            Assert.That(after.Title, Is.EqualTo("Private"));
            Assert.That(after.Status, Is.EqualTo("scheduled"));
            Assert.That(after.Invitations.Select(i => i.ContactId), Is.EqualTo(new[] { alice.Id }));
        });
    }

    [Test]
    public async Task Forms_posted_without_their_antiforgery_token_are_refused_and_change_nothing()
    {
        var organizer = await app.NewOrganizerAsync("Fern Forged");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        var id = await portal.ScheduleOkAsync(Schedule("Guarded", "2099-06-17", "10:00"));
        var before = await app.MeetingCountAsync(organizer);

        using var schedule = await portal.PostFormWithoutTokenAsync("/portal/meetings/new",
            new() { ["title"] = "Forged", ["date"] = "2099-06-18", ["time"] = "10:00", ["duration"] = "30", ["timeZone"] = "UTC", ["passcodeMode"] = "none" });
        using var cancel = await portal.PostFormWithoutTokenAsync($"/portal/meetings/{id}?handler=cancelConfirmed", []);
        using var reschedule = await portal.PostFormWithoutTokenAsync($"/portal/meetings/{id}/reschedule",
            new() { ["title"] = "Forged", ["date"] = "2099-06-18", ["time"] = "10:00", ["duration"] = "30", ["timeZone"] = "UTC" });
        var after = await organizer.ConferenceAsync(id);

        Assert.Multiple(async () =>
        {
            Assert.That(schedule.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(reschedule.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await app.MeetingCountAsync(organizer), Is.EqualTo(before));
            Assert.That(after.Status, Is.EqualTo("scheduled"));
            Assert.That(after.Title, Is.EqualTo("Guarded"));
        });
    }

    [Test]
    public async Task Odd_ids_query_strings_and_form_values_never_answer_a_server_error()
    {
        var organizer = await app.NewOrganizerAsync("Otto Odd");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        var id = await portal.ScheduleOkAsync(Schedule("Odd", "2099-06-17", "10:00"));
        var self = "/portal/meetings/" + id;
        var contact = "/portal/contacts/" + (await organizer.AddContactAsync("Connie Contact")).Id;
        var longText = new string('x', 5000);

        var statuses = new Dictionary<string, HttpStatusCode>();
        foreach (var path in new[]
                 {
                     "/portal/meetings/x", "/portal/meetings/mtg_", "/portal/meetings/mtg_%ff%fe", "/portal/meetings/" + longText, "/portal/meetings/mtg_abc/reschedule",
                     "/portal/meetings/mtg_abc/attendance.csv", "/portal/meetings/%2e%2e", "/portal?page=-1", "/portal?page=abc", "/portal?page=99999999999999",
                     "/portal?past=0&page=%00", "/portal?past=" + longText, self + "?handler=nope", self + "/reschedule?handler=x",
                     self + "/live?handler=nope", contact + "/delete?handler=x", contact + "/edit?handler=x", "/portal/settings/profile?handler=x",
                 })
        {
            using var response = await portal.GetAsync(path);
            statuses["GET " + path[..Math.Min(path.Length, 60)]] = response.StatusCode;
        }
        var forms = new (string Path, Dictionary<string, string> Fields)[]
        {
            ("/portal/meetings/new", new() { ["title"] = longText, ["date"] = "99999-01-01", ["time"] = "25:61", ["duration"] = "1e9", ["timeZone"] = "../../etc/passwd",
                ["invitees"] = longText, ["passcodeMode"] = "evil", ["sharedPasscode"] = longText, ["oneTimeAccessCode"] = "maybe", ["waitForHost"] = "\u0000" }),
            ("/portal/meetings/new", new() { ["duration"] = "-5", ["date"] = "0001-01-01", ["time"] = "00:00", ["timeZone"] = "Pacific/Kiritimati", ["passcodeMode"] = "unique" }),
            ("/portal/meetings/new", new() { ["title"] = "Huge", ["duration"] = "2147483648", ["date"] = "9999-12-31", ["time"] = "23:59", ["timeZone"] = "Etc/GMT-14", ["passcodeMode"] = "shared", ["sharedPasscode"] = "١٢٣٤٥٦" }),
            (self + "?handler=resend", new() { ["contactId"] = longText }),
            (self + "?handler=removeInvitee", new() { ["contactId"] = "" }),
            (self + "?handler=addInvitees", new() { ["contactIds"] = longText }),
            (self + "?handler=unknown", []),
            (self + "/live?handler=unknown", []),
            (self + "/reschedule", new() { ["title"] = "\u0001\u0002", ["date"] = "2099-02-30", ["time"] = "7", ["duration"] = "", ["timeZone"] = "" }),
            (self + "/reschedule", new() { ["title"] = longText, ["date"] = "2099-06-18", ["time"] = "10:00", ["duration"] = "30", ["timeZone"] = "UTC" }),
        };
        foreach (var (path, fields) in forms)
        {
            using var response = await portal.PostFormAsync(path, fields, "/portal/meetings/new");
            statuses[$"POST {path} {statuses.Count}"] = response.StatusCode;
        }
        var after = await organizer.ConferenceAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(statuses.Where(s => (int)s.Value >= 500), Is.Empty);
            Assert.That(statuses.Where(s => s.Key.Contains("handler=unknown", StringComparison.Ordinal)).Select(s => s.Value),
                Is.EqualTo(new[] { HttpStatusCode.NotFound, HttpStatusCode.NotFound }), "a form posted to a handler the page does not have (and no default one) is not found, never the page rendered with nothing loaded");
            Assert.That(after.Title, Is.EqualTo("Odd"), "nothing stored from the odd forms");
            Assert.That(app.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)), Is.Empty);
        });
    }
}
