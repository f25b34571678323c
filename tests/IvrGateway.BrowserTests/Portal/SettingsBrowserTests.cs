using Microsoft.Playwright;

namespace IvrGateway.BrowserTests.Portal;

[CancelAfter(90_000)]
public sealed class SettingsBrowserTests : PortalTest
{
    private sealed record Profile(string HostPin, string? Phone, string TimeZone);

    [Test]
    public async Task An_organizer_changes_settings_security_and_a_new_meeting_takes_it()
    {
        var organizer = await PortalBrowser.SignInNewOrganizerAsync(Page, "Sienna Settings", Token);

        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Settings" }).GetByRole(AriaRole.Link, new() { Name = "Security" }))
            .ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(Page.GetByLabel("Shared", new() { Exact = true })).ToBeCheckedAsync();
        await Page.GetByLabel("Shared passcode").FillAsync("1234");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save security settings" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#sharedPasscode-error")).ToContainTextAsync("consecutive");
        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("There is a problem");
        await Screens.SaveAsync(Page, "portal-settings-security-error", "Settings > Security refusing a trivial shared passcode next to the field");

        await Page.GetByLabel("Shared passcode").FillAsync("482915");
        await Page.GetByLabel("One-time random access code").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save security settings" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Security settings saved");
        await Assertions.Expect(Page.GetByLabel("Shared passcode")).ToHaveValueAsync("482915");
        var shared = await ScheduleAsync(organizer);

        await Page.GetByLabel("None", new() { Exact = true }).CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save security settings" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Security settings saved");
        await Assertions.Expect(Page.GetByLabel("None", new() { Exact = true })).ToBeCheckedAsync();
        await Screens.SaveAsync(Page, "portal-settings-security", "Settings > Security saved with no passcode");
        var open = await ScheduleAsync(organizer);

        Assert.Multiple(() =>
        {
            Assert.That(shared.PasscodeMode, Is.EqualTo("shared"));
            Assert.That(shared.SharedPasscode, Is.EqualTo("482915"), "the meeting took the passcode saved in the page");
            Assert.That(open.PasscodeMode, Is.EqualTo("none"), "the next meeting took the new mode");
            Assert.That(ScriptErrors, Is.Empty);
        });
    }

    [Test]
    public async Task An_organizer_edits_the_profile_and_rotates_the_host_pin()
    {
        var organizer = await PortalBrowser.SignInNewOrganizerAsync(Page, "Rowan Rotate", Token);
        await PortalBrowser.GotoAsync(Page, "/portal/settings/security");
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Settings" }).GetByRole(AriaRole.Link, new() { Name = "Profile" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#host-pin")).ToHaveTextAsync(organizer.Account.HostPin);

        await Page.GetByLabel("Phone for Call me").FillAsync("202 555 0147");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#phone-error")).ToContainTextAsync("international phone number");
        await Assertions.Expect(Page.GetByLabel("Phone for Call me")).ToHaveAttributeAsync("aria-invalid", "true");
        await Page.GetByLabel("Phone for Call me").FillAsync("+1 202 555 0147");
        await Page.GetByLabel("Time zone").SelectOptionAsync("Europe/Berlin");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Profile saved.");
        await Assertions.Expect(Page.GetByLabel("Phone for Call me")).ToHaveValueAsync("+1 202-555-0147");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Rotate host PIN" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Your new host PIN" })).ToBeVisibleAsync();
        var newPin = (await Page.Locator("#rotated-value").TextContentAsync())!.Trim();
        Assert.That(new Uri(Page.Url).PathAndQuery, Is.EqualTo("/portal/settings/profile"), "the POST redirected to the page; no secret in the address");
        await Assertions.Expect(Page.Locator("#host-pin")).ToHaveTextAsync(newPin);
        await Screens.SaveAsync(Page, "portal-settings-profile-rotated-pin", "Settings > Profile right after rotating the host PIN");
        var profile = await organizer.Api.SendAsync<Profile>(HttpMethod.Get, "/api/v1/me", organizer.Account.ApiKey, null, Token);

        Assert.Multiple(() =>
        {
            Assert.That(newPin, Does.Match("^[0-9]{6}$").And.Not.EqualTo(organizer.Account.HostPin));
            Assert.That(profile.HostPin, Is.EqualTo(newPin), "the API answers the PIN in force");
            Assert.That(profile.Phone, Is.EqualTo("+12025550147"));
            Assert.That(profile.TimeZone, Is.EqualTo("Europe/Berlin"));
            Assert.That(ScriptErrors, Is.Empty);
        });

        // Reloading after the reveal (the page is the GET after the POST's redirect) neither rotates again nor shows it as news.
        await Page.ReloadAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Profile", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Your new host PIN" })).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator("#host-pin")).ToHaveTextAsync(newPin);
        await Screens.SaveAsync(Page, "portal-settings-profile-reloaded", "Settings > Profile reloaded after rotating the host PIN: the same PIN, no second rotation");
        var afterReload = await organizer.Api.SendAsync<Profile>(HttpMethod.Get, "/api/v1/me", organizer.Account.ApiKey, null, Token);
        Assert.That(afterReload.HostPin, Is.EqualTo(newPin), "the reload did not rotate the PIN again");
    }

    /// <summary>A meeting scheduled through the API without security settings of its own, so it takes the defaults.</summary>
    private Task<Conference> ScheduleAsync(TestOrganizer organizer)
    {
        var start = TimeProvider.System.GetUtcNow().AddHours(3).ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);
        return organizer.Api.SendAsync<Conference>(HttpMethod.Post, "/api/v1/conferences", organizer.Account.ApiKey,
            new { title = "Defaults check", start, durationMinutes = 30, timeZone = ManagementApi.TimeZone, invitees = Array.Empty<string>() }, Token);
    }
}
