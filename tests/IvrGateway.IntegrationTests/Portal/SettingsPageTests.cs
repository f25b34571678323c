using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IvrGateway.Codes;
using IvrGateway.Organizers;
using IvrGateway.Simulator.Calls;
using IvrGateway.Testing.Twilio;

namespace IvrGateway.IntegrationTests.Portal;

/// <summary>Settings &gt; Security and Settings &gt; Profile in the portal: the same rules as the API, secrets shown once, nothing stored on a bad submit.</summary>
public sealed class SettingsPageTests : ApplicationFixture<IvrApplication>
{
    // Every test signs in from the same (test server) address: more than the sign-in limit allows one address.
    protected override IvrApplication CreateApplication() => new(new() { ["RateLimits:SignInPerAddress:PermitLimit"] = "1000" });

    private const string Security = "/portal/settings/security";
    private const string Profile = "/portal/settings/profile";

    [Test]
    public async Task A_new_meeting_scheduled_through_the_api_takes_the_security_settings_saved_in_the_page()
    {
        var organizer = await app.NewOrganizerAsync("Sadie Settings");
        using var portal = await PortalClient.SignInAsync(app, organizer);

        using var saved = await portal.PostFormAsync(Security, new() { ["OneTimeAccessCode"] = "true", ["PasscodeMode"] = "shared", ["SharedPasscode"] = "482915" });
        var page = await portal.GetPageAsync(Security);
        var shared = await organizer.ScheduleInAsync(TimeSpan.FromHours(2));
        using var none = await portal.PostFormAsync(Security, new() { ["OneTimeAccessCode"] = "true", ["PasscodeMode"] = "none", ["SharedPasscode"] = "482915" });
        var open = await organizer.ScheduleInAsync(TimeSpan.FromHours(3));
        var api = await organizer.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/security");

        Assert.Multiple(() =>
        {
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "post, then redirect to the page");
            Assert.That(saved.Headers.Location?.OriginalString, Is.EqualTo(Security));
            Assert.That(page, Does.Contain("Security settings saved"));
            Assert.That(shared.PasscodeMode, Is.EqualTo("shared"));
            Assert.That(shared.SharedPasscode, Is.EqualTo("482915"));
            Assert.That(shared.AccessCodeKind, Is.EqualTo("oneTime"));
            Assert.That(open.PasscodeMode, Is.EqualTo("none"));
            Assert.That(api.GetProperty("passcodeMode").GetString(), Is.EqualTo("none"), "the API reads what the page saved");
            Assert.That(api.GetProperty("sharedPasscode").GetString(), Is.EqualTo("482915"), "the shared passcode is kept for later");
        });
    }

    [Test]
    public async Task The_personal_room_follows_the_page_when_one_time_codes_are_turned_off()
    {
        var organizer = await app.NewOrganizerAsync("Rory Room");
        using var portal = await PortalClient.SignInAsync(app, organizer);

        using var saved = await portal.PostFormAsync(Security, new() { ["PasscodeMode"] = "shared", ["SharedPasscode"] = "640271" });
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5));
        var call = await app.Twilio().DialAsync("+12025553101", [organizer.Account.PersonalAccessCode + "#", "640271#"], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(meeting.AccessCodeKind, Is.EqualTo("personal"), "an unchecked box turns one-time codes off");
            Assert.That(meeting.AccessCode, Is.EqualTo(organizer.Account.PersonalAccessCode));
            Assert.That(call.Outcome, Is.EqualTo(CallOutcome.Bridged), call.Transcript());
        });
    }

    [TestCase("1234", "consecutive")]
    [TestCase("", "required")]
    [TestCase("12ab", "only the digits")]
    public async Task An_invalid_shared_passcode_is_shown_next_to_its_field_and_nothing_is_stored(string passcode, string reason)
    {
        var organizer = await app.NewOrganizerAsync("Ivan Invalid");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        await portal.GetPageAsync(Security);
        var before = TestRedis.Snapshot(app.KeyPrefix);

        using var response = await portal.PostFormAsync(Security, new() { ["OneTimeAccessCode"] = "true", ["PasscodeMode"] = "shared", ["SharedPasscode"] = passcode });
        var html = await response.HtmlAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(SettingsForms.Element(html, "sharedPasscode-error"), Does.Contain(reason));
            Assert.That(html, Does.Contain("aria-describedby=\"sharedPasscode-error sharedPasscode-help\""));
            Assert.That(html, Does.Contain("class=\"error-summary\""));
            Assert.That(TestRedis.Snapshot(app.KeyPrefix), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task The_profile_saves_name_time_zone_and_phone_and_shows_the_phone_formatted()
    {
        var organizer = await app.NewOrganizerAsync("Paula Profile");
        using var portal = await PortalClient.SignInAsync(app, organizer);

        using var saved = await portal.PostFormAsync(Profile, new() { ["Name"] = "Paula P. Profile", ["TimeZone"] = "Europe/Berlin", ["Phone"] = "+1 (202) 555-0147" });
        var page = WebUtility.HtmlDecode(await portal.GetPageAsync(Profile));
        var me = await organizer.Http.GetFromJsonAsync<JsonElement>("/api/v1/me");
        using var cleared = await portal.PostFormAsync(Profile, new() { ["Name"] = "Paula P. Profile", ["TimeZone"] = "Europe/Berlin", ["Phone"] = "" });
        var afterClear = await organizer.Http.GetFromJsonAsync<JsonElement>("/api/v1/me");

        Assert.Multiple(() =>
        {
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(page, Does.Contain("Profile saved."));
            Assert.That(page, Does.Contain("value=\"+1 202-555-0147\""), "shown formatted");
            Assert.That(page, Does.Contain("<option value=\"Europe/Berlin\" selected=\"selected\">"));
            Assert.That(me.GetProperty("name").GetString(), Is.EqualTo("Paula P. Profile"));
            Assert.That(me.GetProperty("timeZone").GetString(), Is.EqualTo("Europe/Berlin"));
            Assert.That(me.GetProperty("phone").GetString(), Is.EqualTo("+12025550147"), "stored in E.164");
            Assert.That(cleared.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(afterClear.GetProperty("phone").ValueKind, Is.EqualTo(JsonValueKind.Null), "an empty phone clears it");
        });
    }

    [Test]
    public async Task A_bad_phone_time_zone_or_name_is_shown_next_to_its_field_and_nothing_is_stored()
    {
        var organizer = await app.NewOrganizerAsync("Bea Badinput");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        await portal.GetPageAsync(Profile);
        var before = TestRedis.Snapshot(app.KeyPrefix);

        using var response = await portal.PostFormAsync(Profile, new() { ["Name"] = " ", ["TimeZone"] = "Mars/Olympus_Mons", ["Phone"] = "555-not-a-number" });
        var html = await response.HtmlAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(SettingsForms.Element(html, "name-error"), Does.Contain("A name is required"));
            Assert.That(SettingsForms.Element(html, "timeZone-error"), Does.Contain("Unknown time zone"));
            Assert.That(SettingsForms.Element(html, "phone-error"), Does.Contain("international phone number"));
            Assert.That(html, Does.Contain("There are 3 problems"));
            Assert.That(html, Does.Contain("value=\"555-not-a-number\""), "what was typed is kept for correction");
            Assert.That(TestRedis.Snapshot(app.KeyPrefix), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task The_profile_shows_the_host_pin_and_the_personal_room_as_the_api_does()
    {
        var organizer = await app.NewOrganizerAsync("Hattie Hostpin");
        using var portal = await PortalClient.SignInAsync(app, organizer);

        using var response = await portal.GetAsync(Profile);
        var html = await response.HtmlAsync();

        Assert.Multiple(() =>
        {
            Assert.That(SettingsForms.Element(html, "host-pin"), Is.EqualTo(organizer.Account.HostPin));
            Assert.That(SettingsForms.Element(html, "personal-code"), Is.EqualTo(organizer.Account.PersonalAccessCode));
            Assert.That(SettingsForms.Element(html, "room-passcode"), Is.EqualTo(organizer.Account.PersonalRoomPasscode));
            Assert.That(SettingsForms.Element(html, "email"), Is.EqualTo(organizer.Account.Email));
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True, "a page with secrets is never cached");
        });
    }

    [Test]
    public async Task Rotating_the_host_pin_redirects_to_the_profile_which_shows_the_new_pin_once_and_it_rotated_once()
    {
        var organizer = await app.NewOrganizerAsync("Olivia Organizer");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { passcodeMode = "shared", sharedPasscode = "739164" });
        using var portal = await PortalClient.SignInAsync(app, organizer);

        using var rotated = await portal.PostFormAsync(Profile + "?handler=RotatePin", [], formPage: Profile);
        var postBody = await rotated.Content.ReadAsStringAsync();
        using var shown = await portal.GetAsync(rotated.Headers.Location!.OriginalString);
        var html = await shown.HtmlAsync();
        var newPin = SettingsForms.Element(html, "rotated-value");
        using var reloaded = await portal.GetAsync(Profile);
        var again = await reloaded.HtmlAsync();
        var withOld = await app.Twilio().DialAsync("+12025553201", [$"{meeting.AccessCode}*{organizer.Account.HostPin}#"], CancellationToken.None);
        var withNew = await app.Twilio().DialAsync("+12025553202", [$"{meeting.AccessCode}*{newPin}#"], CancellationToken.None);
        var me = await organizer.Http.GetFromJsonAsync<JsonElement>("/api/v1/me");
        var stored = await app.Service<OrganizerStore>().GetAsync(organizer.Account.Id);

        Assert.Multiple(() =>
        {
            Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), "the POST rotates and redirects, so a reload cannot post again");
            Assert.That(rotated.Headers.Location?.OriginalString, Is.EqualTo(Profile), "the secret never travels in the address");
            Assert.That(postBody, Does.Not.Contain(newPin), "the new PIN is not in the answer to the POST");
            var cookies = rotated.Headers.TryGetValues("Set-Cookie", out var set) ? set.ToList() : [];
            Assert.That(cookies, Has.Some.StartsWith(".AspNetCore.Mvc.CookieTempDataProvider="), "the secret goes to the next page in the TempData cookie");
            Assert.That(cookies, Has.All.Contains("httponly").IgnoreCase, "which script cannot read");
            Assert.That(shown.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(shown.Headers.CacheControl?.NoStore, Is.True);
            Assert.That(html, Does.Contain("Your new host PIN"));
            Assert.That(newPin, Does.Match("^[0-9]{6}$").And.Not.EqualTo(organizer.Account.HostPin));
            Assert.That(again, Does.Not.Contain("Your new host PIN"), "shown once: a second GET is the normal page");
            Assert.That(SettingsForms.Element(again, "host-pin"), Is.EqualTo(newPin), "the reload did not rotate again; the profile shows the PIN in force");
            Assert.That(me.GetProperty("hostPin").GetString(), Is.EqualTo(newPin), "the API answers the same PIN");
            Assert.That(stored?.HostPinHash, Is.EqualTo(app.Service<SecretHasher>().HostPin(organizer.Account.Id, newPin)),
                "the profile holds the new PIN");
            Assert.That(withOld.Outcome, Is.Not.EqualTo(CallOutcome.Bridged), withOld.Transcript());
            Assert.That(withOld.Heard, Has.Some.Contains("That PIN is not correct."));
            Assert.That(withNew.Outcome, Is.EqualTo(CallOutcome.Bridged), "the host-PIN slot agrees with the profile\n" + withNew.Transcript());
            Assert.That(withNew.Conference?.StartConferenceOnEnter, Is.True, "the new PIN makes the caller the host");
        });
    }

    [Test]
    public async Task Rotating_the_api_key_redirects_to_the_profile_which_shows_the_new_key_once_and_the_old_key_is_refused_at_once()
    {
        var organizer = await app.NewOrganizerAsync("Kenji Key");
        using var portal = await PortalClient.SignInAsync(app, organizer);

        using var rotated = await portal.PostFormAsync(Profile + "?handler=RotateKey", [], formPage: Profile);
        using var shown = await portal.GetAsync(rotated.Headers.Location!.OriginalString);
        var newKey = SettingsForms.Element(await shown.HtmlAsync(), "rotated-value");
        var again = await portal.GetPageAsync(Profile);
        using var withOld = await organizer.Http.GetAsync("/api/v1/me");
        using var withNew = await app.Client(newKey).GetAsync("/api/v1/me");

        Assert.Multiple(() =>
        {
            Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
            Assert.That(rotated.Headers.Location?.OriginalString, Is.EqualTo(Profile));
            Assert.That(shown.Headers.CacheControl?.NoStore, Is.True);
            Assert.That(newKey, Does.StartWith("ivr_").And.Not.EqualTo(organizer.Account.ApiKey));
            Assert.That(withOld.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(withNew.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the key shown is the key in force: the GETs did not rotate again");
            Assert.That(again, Does.Not.Contain(newKey), "the key is shown once");
            Assert.That(again, Does.Not.Contain("Your new API key"));
        });
    }

    [Test]
    public async Task A_rotated_secret_is_shown_only_to_the_browser_that_rotated_it()
    {
        var organizer = await app.NewOrganizerAsync("Tamsin Twobrowsers");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        using var other = PortalClient.Anonymous(app);
        using var signIn = await other.PostFormAsync("/portal/signin", new() { ["email"] = organizer.Account.Email, ["password"] = PortalClient.Password });

        using var rotated = await portal.PostFormAsync(Profile + "?handler=RotateKey", [], formPage: Profile);
        var elsewhere = await other.GetPageAsync(Profile);
        var shown = await portal.GetPageAsync(Profile);

        Assert.Multiple(() =>
        {
            Assert.That(signIn.Headers.Location?.OriginalString, Is.EqualTo("/portal"), "the second browser signed in");
            Assert.That(elsewhere, Does.Contain("id=\"host-pin\"").And.Not.Contain("Your new API key"), "the secret rides with the rotating browser, not the account");
            Assert.That(SettingsForms.Element(shown, "rotated-value"), Does.StartWith("ivr_"));
        });
    }

    [Test]
    public async Task No_rotated_pin_or_key_and_no_passcode_typed_in_the_settings_reaches_a_log_line()
    {
        var organizer = await app.NewOrganizerAsync("Logan Logless");
        using var portal = await PortalClient.SignInAsync(app, organizer);

        using var pinPost = await portal.PostFormAsync(Profile + "?handler=RotatePin", [], formPage: Profile);
        using var pin = await portal.GetAsync(Profile);
        using var keyPost = await portal.PostFormAsync(Profile + "?handler=RotateKey", [], formPage: Profile);
        using var key = await portal.GetAsync(Profile);
        using var security = await portal.PostFormAsync(Security, new() { ["PasscodeMode"] = "shared", ["SharedPasscode"] = "905173" });
        using var refused = await portal.PostFormAsync(Security, new() { ["PasscodeMode"] = "shared", ["SharedPasscode"] = "9051738" + "1234" });
        var newPin = SettingsForms.Element(await pin.HtmlAsync(), "rotated-value");
        var newKey = SettingsForms.Element(await key.HtmlAsync(), "rotated-value");
        var logs = app.Logs.All;

        Assert.Multiple(() =>
        {
            Assert.That(security.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(logs, Does.Not.Contain(newPin));
            Assert.That(logs, Does.Not.Contain(newKey));
            Assert.That(logs, Does.Not.Contain(organizer.Account.HostPin));
            Assert.That(logs, Does.Not.Contain(organizer.Account.ApiKey));
            Assert.That(logs, Does.Not.Contain("905173"));
            Assert.That(logs, Does.Not.Contain(PortalClient.Password));
        });
    }

    [TestCase(Security, "")]
    [TestCase(Profile, "")]
    [TestCase(Profile, "?handler=RotatePin")]
    [TestCase(Profile, "?handler=RotateKey")]
    public async Task A_settings_form_posted_without_its_antiforgery_token_is_refused_and_changes_nothing(string page, string handler)
    {
        var organizer = await app.NewOrganizerAsync("Forrest Forger");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        var before = TestRedis.Snapshot(app.KeyPrefix);

        using var response = await portal.PostFormWithoutTokenAsync(page + handler,
            new() { ["PasscodeMode"] = "none", ["Name"] = "Forged", ["TimeZone"] = "UTC", ["Phone"] = "" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestRedis.Snapshot(app.KeyPrefix), Is.EqualTo(before));
    }

    [Test]
    public async Task Odd_input_to_the_settings_pages_never_answers_500()
    {
        var organizer = await app.NewOrganizerAsync("Odette Odd");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        var huge = new string('9', 100_000);
        var forms = new (string Path, Dictionary<string, string> Fields)[]
        {
            (Security, new() { ["PasscodeMode"] = "sometimes", ["OneTimeAccessCode"] = "maybe" }),
            (Security, new() { ["PasscodeMode"] = "shared", ["SharedPasscode"] = huge }),
            (Security, new() { ["PasscodeMode"] = "SHARED\0", ["SharedPasscode"] = "\u202e4821" }),
            (Security, []),
            (Profile, new() { ["Name"] = huge, ["TimeZone"] = huge, ["Phone"] = huge }),
            (Profile, new() { ["Name"] = "Tab\tname\u0007", ["TimeZone"] = "../../etc/passwd", ["Phone"] = "+999999999999999999999" }),
            (Profile, []),
            (Profile + "?handler=Nope", []),
        };
        var statuses = new List<string>();
        foreach (var (path, fields) in forms)
        {
            using var response = await portal.PostFormAsync(path, fields, formPage: path.Split('?')[0]);
            statuses.Add($"{path} {(int)response.StatusCode}");
        }
        using var query = await portal.GetAsync(Profile + "?handler=RotatePin&x=" + Uri.EscapeDataString(huge[..2000]));
        statuses.Add($"GET with a query {(int)query.StatusCode}");

        Assert.That(statuses, Has.None.Contains(" 5"), string.Join("\n", statuses));
        Assert.That((await organizer.Http.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("name").GetString(), Is.EqualTo("Odette Odd"));
    }

    [Test]
    public async Task Settings_opens_on_the_security_tab_and_every_tab_is_behind_the_sign_in()
    {
        var organizer = await app.NewOrganizerAsync("Tabitha Tabs");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        using var anonymous = PortalClient.Anonymous(app);

        using var settings = await portal.GetAsync("/portal/settings");
        using var security = await anonymous.GetAsync(Security);
        using var profile = await anonymous.GetAsync(Profile);

        Assert.That(settings.Headers.Location?.OriginalString, Is.EqualTo(Security));
        Assert.That(security.Headers.Location?.AbsolutePath, Is.EqualTo("/portal/signin"));
        Assert.That(profile.Headers.Location?.AbsolutePath, Is.EqualTo("/portal/signin"));
    }
}
