using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IvrGateway.Organizers;
using IvrGateway.Organizers.Passwords;

namespace IvrGateway.IntegrationTests.Organizers;

/// <summary>
/// A profile edit racing a write of the account's secrets or state: neither may undo the other. Each test runs many rounds
/// of the two requests at once, so the edit reads the profile before the other write and saves after it in some of them.
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
}
