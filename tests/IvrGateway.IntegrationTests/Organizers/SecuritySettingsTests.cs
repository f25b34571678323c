using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace IvrGateway.IntegrationTests.Organizers;

public sealed class SecuritySettingsTests : ApplicationFixture<IvrApplication>
{
    [Test]
    public async Task A_new_organizer_defaults_to_one_time_codes_and_the_generated_room_passcode()
    {
        // Issue [B] item 4: no new room is open; the defaults (which the room uses) start as shared with a generated passcode.
        var organizer = await app.NewOrganizerAsync();

        var settings = await organizer.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/security");
        var profile = await organizer.Http.GetFromJsonAsync<JsonElement>("/api/v1/me");

        Assert.Multiple(() =>
        {
            Assert.That(settings.GetProperty("oneTimeAccessCode").GetBoolean(), Is.True);
            Assert.That(settings.GetProperty("passcodeMode").GetString(), Is.EqualTo("shared"));
            Assert.That(organizer.Account.PersonalRoomPasscode, Does.Match("^[0-9]{6}$"));
            Assert.That(IvrGateway.Codes.WeakPatterns.IsWeak(organizer.Account.PersonalRoomPasscode), Is.False);
            Assert.That(settings.GetProperty("sharedPasscode").GetString(), Is.EqualTo(organizer.Account.PersonalRoomPasscode));
            Assert.That(profile.GetProperty("personalRoomPasscode").GetString(), Is.EqualTo(organizer.Account.PersonalRoomPasscode));
        });
    }

    [Test]
    public async Task Two_organizers_get_different_room_passcodes_stored_only_hashed_or_encrypted()
    {
        var one = await app.NewOrganizerAsync();
        var two = await app.NewOrganizerAsync();

        var stored = string.Join("\n", TestRedis.Snapshot(app.KeyPrefix).Select(kv => kv.Key + "=" + kv.Value));

        Assert.That(one.Account.PersonalRoomPasscode, Is.Not.EqualTo(two.Account.PersonalRoomPasscode));
        Assert.That(stored, Does.Not.Contain(one.Account.PersonalRoomPasscode));
    }

    [TestCase("1234", "consecutive")]
    [TestCase("0000", "repeats one digit")]
    [TestCase("121212", "repeats a short group")]
    [TestCase("12a4", "only the digits")]
    [TestCase("123", "4 to 12 digits")]
    public async Task A_trivial_shared_passcode_is_refused_with_the_reason(string passcode, string reason)
    {
        var organizer = await app.NewOrganizerAsync();

        var response = await organizer.Http.PutAsJsonAsync("/api/v1/me/security", new { passcodeMode = "shared", sharedPasscode = passcode });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("sharedPasscode")[0].GetString();
        Assert.That(message, Does.Contain(reason));
    }

    [Test]
    public async Task A_new_meeting_takes_the_saved_defaults()
    {
        var organizer = await app.NewOrganizerAsync();
        var saved = await organizer.Http.PutAsJsonAsync("/api/v1/me/security", new { oneTimeAccessCode = true, passcodeMode = "shared", sharedPasscode = "480213" });
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromHours(1));

        Assert.Multiple(() =>
        {
            Assert.That(meeting.PasscodeMode, Is.EqualTo("shared"));
            Assert.That(meeting.SharedPasscode, Is.EqualTo("480213"));
            Assert.That(meeting.AccessCodeKind, Is.EqualTo("oneTime"));
        });
    }

    [Test]
    public async Task A_meetings_own_security_overrides_the_defaults()
    {
        var organizer = await app.NewOrganizerAsync();
        await organizer.Http.PutAsJsonAsync("/api/v1/me/security", new { passcodeMode = "shared", sharedPasscode = "480213" });

        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromHours(1), security: new { passcodeMode = "none" });

        Assert.That(meeting.PasscodeMode, Is.EqualTo("none"));
        Assert.That(meeting.SharedPasscode, Is.Null);
    }

    [Test]
    public async Task An_unknown_passcode_mode_is_named_as_the_wrong_field()
    {
        var organizer = await app.NewOrganizerAsync();

        var response = await organizer.Http.PutAsJsonAsync("/api/v1/me/security", new { passcodeMode = "fingerprint" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.TryGetProperty("passcodeMode", out _), Is.True);
    }
}
