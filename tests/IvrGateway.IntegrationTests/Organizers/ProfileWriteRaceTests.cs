using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IvrGateway.Codes;
using IvrGateway.Infrastructure;
using IvrGateway.Organizers;
using IvrGateway.Organizers.Passwords;
using StackExchange.Redis;

namespace IvrGateway.IntegrationTests.Organizers;

/// <summary>
/// A profile edit racing a write of the account's secrets or state: neither may undo the other. Each test runs many rounds
/// of the requests at once, so the edit reads the profile before the other write and saves after it in some of them. The
/// host PIN and the personal room live in other slots than the profile: they must end as the profile says.
/// </summary>
public sealed class ProfileWriteRaceTests : ApplicationFixture<IvrApplication>
{
    private const int Rounds = 20;

    // Every round tries a refused key or signs in from the test server's one address.
    protected override IvrApplication CreateApplication() => new(new()
    {
        ["RateLimits:ApiKeyFailuresPerAddress:PermitLimit"] = "100000",
        ["Portal:SignIn:MaxWrongPasswords"] = "1000",
    });

    private sealed record ApiKeyDto(string ApiKey);

    private sealed record HostPinDto(string HostPin);

    private static Task<HttpResponseMessage> RenameAsync(HttpClient client, string name) =>
        client.PatchAsJsonAsync("/api/v1/me", new { name });

    [Test]
    public async Task A_name_change_racing_api_key_rotations_never_brings_the_old_key_back_and_is_saved()
    {
        var organizer = await app.NewOrganizerAsync("Rhea Rotate");
        var key = organizer.Account.ApiKey;
        var expectedName = organizer.Account.Name;

        for (var round = 0; round < Rounds; round++)
        {
            var name = $"Rhea Round {round}";
            var oldKey = key;
            var rename = RenameAsync(app.Client(oldKey), name);
            var rotate = app.Client(oldKey).PostAsync("/api/v1/me/api-key", null);
            await Task.WhenAll(rename, rotate);
            using var renamed = await rename;
            using var rotated = await rotate;
            Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"round {round}: the rotation");
            key = (await rotated.Content.ReadFromJsonAsync<ApiKeyDto>())!.ApiKey;
            // The edit is refused only when the rotation won the race to the key (its request came with the old key).
            Assert.That(renamed.StatusCode, Is.AnyOf(HttpStatusCode.OK, HttpStatusCode.Unauthorized), $"round {round}: the edit");
            if (renamed.StatusCode == HttpStatusCode.OK)
            {
                expectedName = name;
            }

            using var withOld = await app.Client(oldKey).GetAsync("/api/v1/me");
            using var withNew = await app.Client(key).GetAsync("/api/v1/me");
            Assert.That(withOld.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"round {round}: the rotated-out key is refused");
            Assert.That(withNew.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"round {round}: the new key works");
            var profile = await withNew.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That(profile.GetProperty("name").GetString(), Is.EqualTo(expectedName), $"round {round}: the name is saved");
        }
    }

    [Test]
    public async Task A_name_change_racing_a_disable_never_enables_the_account_again()
    {
        var organizers = await Task.WhenAll(Enumerable.Range(0, Rounds).Select(i => app.NewOrganizerAsync($"Dora Disable {i}")));
        var store = app.Service<OrganizerStore>();

        await Task.WhenAll(organizers.Select(async organizer =>
        {
            var rename = RenameAsync(organizer.Http, "Dora Renamed");
            var disable = app.Admin().PostAsync($"/api/v1/organizers/{organizer.Account.Id}/disable", null);
            await Task.WhenAll(rename, disable);
            Assert.That((await disable).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }));

        foreach (var organizer in organizers)
        {
            var stored = await store.GetAsync(organizer.Account.Id);
            using var api = await organizer.Http.GetAsync("/api/v1/me");
            Assert.Multiple(() =>
            {
                Assert.That(stored!.IsDisabled, Is.True, $"{organizer.Account.Name} stays disabled");
                Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"{organizer.Account.Name}'s key stays refused");
            });
        }
    }

    [Test]
    public async Task A_name_change_racing_password_changes_and_resets_keeps_the_new_password()
    {
        var organizer = await app.NewOrganizerAsync("Paula Password");
        var passwords = app.Service<OrganizerPasswords>();
        var password = "first passphrase 0";
        Assert.That(await passwords.SetAsync(organizer.Account.Id, password, CancellationToken.None), Is.True);

        for (var round = 1; round <= Rounds; round++)
        {
            var next = $"next passphrase {round}";
            // Odd rounds change the password (signed in, knowing the current one), even rounds reset it through an emailed link.
            Task<bool> write = round % 2 == 1
                ? ChangeAsync(password, next)
                : ResetAsync(next);
            var rename = RenameAsync(organizer.Http, $"Paula Round {round}");
            await Task.WhenAll(write, rename);
            Assert.That(await write, Is.True, $"round {round}: the password write");
            Assert.That((await rename).StatusCode, Is.EqualTo(HttpStatusCode.OK), $"round {round}: the edit");

            var withNew = await passwords.SignInAsync(organizer.Account.Email, next, CancellationToken.None);
            var withOld = await passwords.SignInAsync(organizer.Account.Email, password, CancellationToken.None);
            Assert.That(withNew, Is.TypeOf<SignInOutcome.SignedIn>(), $"round {round}: the new password signs in");
            Assert.That(withOld, Is.TypeOf<SignInOutcome.Wrong>(), $"round {round}: the old password does not");
            Assert.That(((SignInOutcome.SignedIn)withNew).Organizer.Name, Is.EqualTo($"Paula Round {round}"), $"round {round}: the name is saved");
            password = next;
        }

        async Task<bool> ChangeAsync(string current, string replacement) =>
            await passwords.ChangeAsync(organizer.Account.Id, current, replacement, CancellationToken.None) == PasswordChange.Changed;

        async Task<bool> ResetAsync(string replacement)
        {
            var stored = (await app.Service<OrganizerStore>().GetAsync(organizer.Account.Id))!;
            var url = await passwords.NewLinkAsync(stored, TimeSpan.FromHours(1), PasswordLinkPurpose.Reset, CancellationToken.None);
            var token = Uri.UnescapeDataString(url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
            return await passwords.SetWithLinkAsync(token, replacement, CancellationToken.None) is not null;
        }
    }

    [Test]
    public async Task A_name_change_racing_host_pin_rotations_keeps_the_new_pin_in_the_profile()
    {
        var organizer = await app.NewOrganizerAsync("Hugo Hostpin");

        for (var round = 0; round < Rounds; round++)
        {
            var rename = RenameAsync(organizer.Http, $"Hugo Round {round}");
            var rotate = organizer.Http.PostAsync("/api/v1/me/host-pin", null);
            await Task.WhenAll(rename, rotate);
            using var rotated = await rotate;
            Assert.That((await rename).StatusCode, Is.EqualTo(HttpStatusCode.OK), $"round {round}: the edit");
            Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"round {round}: the rotation");
            var pin = (await rotated.Content.ReadFromJsonAsync<HostPinDto>())!.HostPin;

            var profile = await organizer.Http.GetFromJsonAsync<JsonElement>("/api/v1/me");
            Assert.Multiple(() =>
            {
                Assert.That(profile.GetProperty("hostPin").GetString(), Is.EqualTo(pin), $"round {round}: the new PIN is in the profile");
                Assert.That(profile.GetProperty("name").GetString(), Is.EqualTo($"Hugo Round {round}"), $"round {round}: the name is saved");
            });
        }
    }

    [Test]
    public async Task A_host_pin_rotation_racing_a_disable_leaves_no_host_pin_in_force()
    {
        var organizers = await Task.WhenAll(Enumerable.Range(0, Rounds).Select(i => app.NewOrganizerAsync($"Ivo Idle {i}")));

        await Task.WhenAll(organizers.Select(async organizer =>
        {
            var rotate = organizer.Http.PostAsync("/api/v1/me/host-pin", null);
            var disable = app.Admin().PostAsync($"/api/v1/organizers/{organizer.Account.Id}/disable", null);
            await Task.WhenAll(rotate, disable);
            Assert.That((await disable).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }));

        foreach (var organizer in organizers)
        {
            Assert.That(await TestRedis.Database.KeyExistsAsync(HostPinKey(organizer.Account.Id)), Is.False,
                $"{organizer.Account.Name}: the PIN that admits the host is gone, whichever write came last");
        }
    }

    [Test]
    public async Task Host_pin_rotations_at_once_leave_the_pin_that_counts_equal_to_the_profiles()
    {
        var organizer = await app.NewOrganizerAsync("Tess Twice");
        var store = app.Service<OrganizerStore>();

        for (var round = 0; round < Rounds; round++)
        {
            var first = organizer.Http.PostAsync("/api/v1/me/host-pin", null);
            var second = organizer.Http.PostAsync("/api/v1/me/host-pin", null);
            await Task.WhenAll(first, second);
            var pins = new[] { (await (await first).Content.ReadFromJsonAsync<HostPinDto>())!.HostPin, (await (await second).Content.ReadFromJsonAsync<HostPinDto>())!.HostPin };

            var profile = await organizer.Http.GetFromJsonAsync<JsonElement>("/api/v1/me");
            var stored = await store.GetAsync(organizer.Account.Id);
            var inForce = await TestRedis.Database.StringGetAsync(HostPinKey(organizer.Account.Id));
            Assert.Multiple(() =>
            {
                Assert.That(pins, Does.Contain(profile.GetProperty("hostPin").GetString()), $"round {round}: the profile shows one of the two new PINs");
                Assert.That(inForce.ToString(), Is.EqualTo(stored!.HostPinHash), $"round {round}: and that PIN is the one in force");
            });
        }
    }

    [Test]
    public async Task Profile_edits_at_once_leave_the_personal_room_named_as_the_profile()
    {
        var organizer = await app.NewOrganizerAsync("Nina Name");
        var store = app.Service<OrganizerStore>();

        for (var round = 0; round < Rounds; round++)
        {
            var first = RenameAsync(organizer.Http, $"Nina First {round}");
            var second = organizer.Http.PutAsJsonAsync("/api/v1/me/security", new { passcodeMode = "shared", sharedPasscode = round % 2 == 0 ? "482915" : "739164" });
            var third = RenameAsync(organizer.Http, $"Nina Third {round}");
            await Task.WhenAll(first, second, third);
            Assert.That((await second).StatusCode, Is.EqualTo(HttpStatusCode.OK), $"round {round}: the security change");

            var stored = (await store.GetAsync(organizer.Account.Id))!;
            var room = await TestRedis.Database.HashGetAsync(app.Service<RedisKeyspace>().Key("a:" + stored.PersonalSlotId, "code"),
                ["organizerName", "sharedPasscodeHash"]);
            var passcode = app.Service<SecretProtector>().Unprotect(stored.Security.SharedPasscodeProtected!);
            Assert.Multiple(() =>
            {
                Assert.That(room[0].ToString(), Is.EqualTo(stored.Name), $"round {round}: callers hear the name the profile has");
                Assert.That(room[1].ToString(), Is.EqualTo(app.Service<SecretHasher>().Passcode(stored.PersonalSlotId, passcode)),
                    $"round {round}: and the room takes the passcode the profile has");
            });
        }
    }

    private RedisKey HostPinKey(string organizerId) => app.Service<RedisKeyspace>().Key("h:" + organizerId, "pin");
}
