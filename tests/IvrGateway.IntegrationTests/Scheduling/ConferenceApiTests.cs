using System.Net;
using System.Net.Http.Json;
using IvrGateway.Codes;

namespace IvrGateway.IntegrationTests.Scheduling;

public sealed class ConferenceApiTests : ApplicationFixture<IvrApplication>
{
    // "Today" and the zone's offset depend on the day: the clock starts at a fixed afternoon.
    protected override IvrApplication CreateApplication() => new(startsAt: TestClock.Afternoon);

    [Test]
    public async Task A_one_time_code_opens_15_minutes_before_the_start_and_closes_an_hour_after_the_end()
    {
        var organizer = await app.NewOrganizerAsync();

        var day = app.Time.GetUtcNow().AddDays(30);
        var start = $"{day:yyyy-MM-dd}T09:00:00-05:00";
        var response = await organizer.ScheduleAsync(new { title = "Board call", start, durationMinutes = 45, timeZone = "America/New_York" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var meeting = (await response.Content.ReadFromJsonAsync<ConferenceDto>(IvrApplication.Json))!;
        Assert.Multiple(() =>
        {
            Assert.That(meeting.AccessCodeKind, Is.EqualTo("oneTime"));
            Assert.That(AccessCodes.IsWellFormed(meeting.AccessCode), Is.True);
            Assert.That(meeting.AccessCode, Is.Not.EqualTo(organizer.Account.PersonalAccessCode));
            Assert.That(meeting.Start, Is.EqualTo(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(meeting.ActiveFrom, Is.EqualTo(meeting.Start.AddMinutes(-15)));
            Assert.That(meeting.ActiveUntil, Is.EqualTo(meeting.Start.AddMinutes(45 + 60)));
            Assert.That(meeting.Start.Offset, Is.EqualTo(TimeZoneInfo.FindSystemTimeZoneById("America/New_York").GetUtcOffset(meeting.Start)), "times are shown in the meeting's zone");
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/api/v1/conferences/" + meeting.Id));
        });
    }

    [Test]
    public async Task Unique_passcodes_give_every_invitee_their_own_passcode_link_and_dial_string()
    {
        var organizer = await app.NewOrganizerAsync();
        var alice = await organizer.AddContactAsync("Alice Archer");
        var bob = await organizer.AddContactAsync("Bob Baker");

        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(1), security: new { passcodeMode = "unique" }, invitees: [alice.Id, bob.Id]);

        Assert.That(meeting.Invitations, Has.Count.EqualTo(2));
        var first = meeting.Invitations[0];
        var second = meeting.Invitations[1];
        Assert.Multiple(() =>
        {
            Assert.That(first.Name, Is.EqualTo("Alice Archer"));
            Assert.That(first.Passcode, Does.Match("^[0-9]{6}$"));
            Assert.That(second.Passcode, Does.Match("^[0-9]{6}$").And.Not.EqualTo(first.Passcode));
            Assert.That(first.JoinUrl, Does.StartWith("https://meet.example.com/join/"));
            Assert.That(first.JoinUrl, Is.Not.EqualTo(second.JoinUrl));
            Assert.That(first.JoinUrl.Length, Is.GreaterThan("https://meet.example.com/join/".Length + 40), "the token is unguessable");
            Assert.That(first.DialString, Is.EqualTo($"+15557650000,,{meeting.AccessCode}#,,{first.Passcode}#"));
            Assert.That(first.DialStrings.Select(d => d.Value), Is.EqualTo(new[]
            {
                $"+15557650000,,{meeting.AccessCode}#,,{first.Passcode}#",
                $"+4930901820,,{meeting.AccessCode}#,,{first.Passcode}#",
            }));
        });
    }

    [Test]
    public async Task A_shared_passcode_appears_in_every_invitation()
    {
        var organizer = await app.NewOrganizerAsync();
        var alice = await organizer.AddContactAsync("Alice Archer");

        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(1), security: new { passcodeMode = "shared", sharedPasscode = "739164" }, invitees: [alice.Id]);

        Assert.That(meeting.SharedPasscode, Is.EqualTo("739164"));
        Assert.That(meeting.Invitations.Single().DialString, Is.EqualTo($"+15557650000,,{meeting.AccessCode}#,,739164#"));
    }

    [Test]
    public async Task A_meeting_without_a_passcode_dials_with_the_access_code_alone()
    {
        var organizer = await app.NewOrganizerAsync();
        var alice = await organizer.AddContactAsync("Alice Archer");

        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(1), security: new { passcodeMode = "none" }, invitees: [alice.Id]);

        Assert.That(meeting.Invitations.Single().Passcode, Is.Null);
        Assert.That(meeting.Invitations.Single().DialString, Is.EqualTo($"+15557650000,,{meeting.AccessCode}#"));
    }

    [Test]
    public async Task A_new_organizers_meeting_takes_the_generated_shared_passcode_by_default()
    {
        var organizer = await app.NewOrganizerAsync();
        var alice = await organizer.AddContactAsync("Alice Archer");

        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(1), invitees: [alice.Id]);

        Assert.That(meeting.PasscodeMode, Is.EqualTo("shared"));
        Assert.That(meeting.SharedPasscode, Is.EqualTo(organizer.Account.PersonalRoomPasscode));
        Assert.That(meeting.Invitations.Single().DialString, Is.EqualTo($"+15557650000,,{meeting.AccessCode}#,,{organizer.Account.PersonalRoomPasscode}#"));
    }

    [Test]
    public async Task Unique_passcodes_are_unique_across_all_meetings_of_a_personal_room()
    {
        var organizer = await app.NewOrganizerAsync();
        var contacts = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            contacts.Add((await organizer.AddContactAsync($"Guest {i:00}")).Id);
        }
        (await organizer.Http.PutAsJsonAsync("/api/v1/me/security", new { oneTimeAccessCode = false, passcodeMode = "unique" })).EnsureSuccessStatusCode();

        var passcodes = new List<string>();
        for (var m = 0; m < 5; m++)
        {
            var meeting = await organizer.ScheduleInAsync(TimeSpan.FromHours(2 + m), invitees: [.. contacts]);
            Assert.That(meeting.AccessCode, Is.EqualTo(organizer.Account.PersonalAccessCode));
            passcodes.AddRange(meeting.Invitations.Select(i => i.Passcode!));
        }

        Assert.That(passcodes, Is.Unique);
    }

    [Test]
    public async Task A_meeting_in_the_personal_room_uses_the_organizers_static_code()
    {
        var organizer = await app.NewOrganizerAsync();

        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromHours(2), security: new { oneTimeAccessCode = false });

        Assert.That(meeting.AccessCodeKind, Is.EqualTo("personal"));
        Assert.That(meeting.AccessCode, Is.EqualTo(organizer.Account.PersonalAccessCode));
        var match = await app.LookupAsync(meeting.AccessCode);
        Assert.That(match.State, Is.EqualTo(CodeState.Active), "a personal room is always open");
    }

    [Test]
    public async Task Reading_a_meeting_returns_the_same_codes_and_invitations()
    {
        var organizer = await app.NewOrganizerAsync();
        var alice = await organizer.AddContactAsync("Alice Archer");
        var created = await organizer.ScheduleInAsync(TimeSpan.FromDays(1), security: new { passcodeMode = "unique" }, invitees: [alice.Id]);

        var read = await organizer.Http.GetFromJsonAsync<ConferenceDto>("/api/v1/conferences/" + created.Id, IvrApplication.Json);

        Assert.Multiple(() =>
        {
            Assert.That(read!.AccessCode, Is.EqualTo(created.AccessCode));
            Assert.That(read.Invitations.Single().Passcode, Is.EqualTo(created.Invitations.Single().Passcode));
            Assert.That(read.Invitations.Single().JoinUrl, Is.EqualTo(created.Invitations.Single().JoinUrl));
        });
    }

    [Test]
    public async Task Today_lists_the_organizers_day_and_upcoming_lists_what_has_not_ended()
    {
        var organizer = await app.NewOrganizerAsync(timeZone: "UTC");
        var now = app.Time.GetUtcNow();
        var soon = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(10));
        var nextWeek = await organizer.ScheduleInAsync(TimeSpan.FromDays(7));
        var endOfToday = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1);

        var today = await organizer.Http.GetFromJsonAsync<List<ConferenceDto>>("/api/v1/conferences?view=today", IvrApplication.Json);
        var upcoming = await organizer.Http.GetFromJsonAsync<List<ConferenceDto>>("/api/v1/conferences?view=upcoming", IvrApplication.Json);

        Assert.That(upcoming!.Select(m => m.Id), Is.EqualTo(new[] { soon.Id, nextWeek.Id }));
        Assert.That(soon.Start, Is.LessThan(endOfToday), "the fixed clock is mid-afternoon");
        Assert.That(today!.Select(m => m.Id), Is.EqualTo(new[] { soon.Id }));
    }

    [Test]
    public async Task An_unknown_view_is_refused()
    {
        var organizer = await app.NewOrganizerAsync();

        var response = await organizer.Http.GetAsync("/api/v1/conferences?view=yesterday");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Attendance_is_an_empty_list_before_anyone_joins()
    {
        var organizer = await app.NewOrganizerAsync();
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromHours(1));

        var attendance = await organizer.Http.GetFromJsonAsync<List<object>>($"/api/v1/conferences/{meeting.Id}/attendance");

        Assert.That(attendance, Is.Empty);
    }

    [Test]
    public async Task The_openapi_document_describes_the_management_api()
    {
        var document = await app.Client().GetStringAsync("/openapi/v1.json");

        Assert.That(document, Does.Contain("/api/v1/conferences").And.Contain("/api/v1/organizers"));
    }
}
