using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IvrGateway.Codes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IvrGateway.IntegrationTests.Organizers;

/// <summary>Rotating the personal code: the new one is shown once, the old one stops at once and stays quarantined.</summary>
public sealed class PersonalCodeRotationTests : ApplicationFixture<IvrApplication>
{
    private sealed record Rotated(string PersonalAccessCode);

    private static async Task<string> RotateOkAsync(TestOrganizer organizer)
    {
        var response = await organizer.Http.PostAsync("/api/v1/me/personal-access-code", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Rotated>(IvrApplication.Json))!.PersonalAccessCode;
    }

    [Test]
    public async Task Rotation_kills_the_old_code_at_once_and_the_new_code_opens_the_room()
    {
        var organizer = await app.NewOrganizerAsync();
        var old = organizer.Account.PersonalAccessCode;

        var fresh = await RotateOkAsync(organizer);

        var oldCall = new VoiceCall(app, from: "+12025554001");
        await oldCall.DialAsync();
        var refused = await oldCall.PressAsync(old + "#");
        var newCall = new VoiceCall(app, from: "+12025554002");
        await newCall.DialAsync();
        await newCall.PressAsync(fresh + "#");
        var joined = await newCall.PressAsync(organizer.Account.PersonalRoomPasscode + "#");
        var host = new VoiceCall(app, from: "+12025554003");
        await host.DialAsync();
        var hostOnOld = await host.PressAsync($"{old}*{organizer.Account.HostPin}#");
        var profile = await organizer.Http.GetFromJsonAsync<JsonElement>("/api/v1/me");
        var oldMatch = await app.LookupAsync(old);
        var events = await app.OfKindAsync("personal-code-rotated");

        Assert.Multiple(() =>
        {
            Assert.That(fresh, Is.Not.EqualTo(old));
            Assert.That(AccessCodes.IsWellFormed(fresh), Is.True);
            Assert.That(refused.Conference, Is.Null);
            Assert.That(refused.HangsUp, Is.True);
            Assert.That(refused.AllSaid, Does.Contain("cancel").IgnoreCase, "told, not counted as a guess");
            Assert.That(hostOnOld.Conference, Is.Null, "not even the host PIN opens the old code");
            Assert.That(joined.Conference!.Value, Is.EqualTo("room-" + organizer.Account.Id));
            Assert.That(profile.GetProperty("personalAccessCode").GetString(), Is.EqualTo(fresh));
            Assert.That(oldMatch.State, Is.EqualTo(CodeState.Cancelled));
            Assert.That(events.Select(e => e.Detail), Has.Some.Contains(organizer.Account.Id), "the rotation is a security event");
            Assert.That(events.Select(e => e.Detail), Has.None.Contains(old).And.None.Contains(fresh), "and names no code");
        });
    }

    [Test]
    public async Task The_old_code_is_quarantined_and_never_issued_again_during_the_quarantine()
    {
        var organizer = await app.NewOrganizerAsync();
        var old = organizer.Account.PersonalAccessCode;
        await RotateOkAsync(organizer);

        var entry = TestRedis.Snapshot(app.KeyPrefix).Keys.Single(k => k.EndsWith(":code", StringComparison.Ordinal) && k.Contains(app.Service<SecretHasher>().SlotId(old), StringComparison.Ordinal));
        var ttl = await TestRedis.Database.KeyTimeToLiveAsync(entry);

        Assert.That(ttl, Is.Not.Null.And.GreaterThan(TimeSpan.FromDays(89)), "kept (quarantined) for Gateway:QuarantineDays");
    }

    [Test]
    public async Task A_quarantined_old_code_drawn_again_is_skipped()
    {
        var generator = new ScriptedGenerator();
        using var scripted = new IvrApplication(services: s =>
        {
            s.RemoveAll<IAccessCodeGenerator>();
            s.AddSingleton<IAccessCodeGenerator>(generator);
        });
        var organizer = await scripted.NewOrganizerAsync();
        var old = organizer.Account.PersonalAccessCode;
        await RotateOkAsync(organizer);

        generator.Codes.Enqueue(old);
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromHours(1));
        generator.Codes.Enqueue(old);
        var another = await scripted.NewOrganizerAsync();

        Assert.That(meeting.AccessCode, Is.Not.EqualTo(old));
        Assert.That(another.Account.PersonalAccessCode, Is.Not.EqualTo(old));
    }

    [Test]
    public async Task While_meetings_of_the_room_are_ahead_rotation_answers_409_and_changes_nothing()
    {
        var organizer = await app.NewOrganizerAsync();
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromDays(2), security: new { oneTimeAccessCode = false });
        var before = TestRedis.Snapshot(app.KeyPrefix);

        var refused = await organizer.Http.PostAsync("/api/v1/me/personal-access-code", null);
        var after = TestRedis.Snapshot(app.KeyPrefix);
        (await organizer.Http.DeleteAsync("/api/v1/conferences/" + meeting.Id)).EnsureSuccessStatusCode();
        var fresh = await RotateOkAsync(organizer);

        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("1 meeting(s)"));
            Assert.That(after, Is.EqualTo(before), "the new code drawn for the attempt was given back");
            Assert.That((await app.LookupAsync(organizer.Account.PersonalAccessCode)).State, Is.EqualTo(CodeState.Cancelled));
            Assert.That((await app.LookupAsync(fresh)).State, Is.EqualTo(CodeState.Active));
        });
    }

    [Test]
    public async Task No_new_meeting_lands_in_a_retired_room_and_the_room_keeps_its_passcode_after_rotation()
    {
        var organizer = await app.NewOrganizerAsync();
        var fresh = await RotateOkAsync(organizer);

        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromHours(1), security: new { oneTimeAccessCode = false });
        var settings = await organizer.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/security");

        Assert.That(meeting.AccessCode, Is.EqualTo(fresh));
        Assert.That(settings.GetProperty("sharedPasscode").GetString(), Is.EqualTo(organizer.Account.PersonalRoomPasscode));
    }

    [Test]
    public async Task Only_an_organizer_may_rotate()
    {
        Assert.That((await app.Ops().PostAsync("/api/v1/me/personal-access-code", null)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await app.Client().PostAsync("/api/v1/me/personal-access-code", null)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private sealed class ScriptedGenerator : IAccessCodeGenerator
    {
        public Queue<string> Codes { get; } = new();

        public string Next()
        {
            lock (Codes)
            {
                return Codes.Count > 0 ? Codes.Dequeue() : AccessCodes.Generate();
            }
        }
    }
}
