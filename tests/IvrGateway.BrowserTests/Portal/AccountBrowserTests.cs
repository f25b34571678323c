using Microsoft.Playwright;

namespace IvrGateway.BrowserTests.Portal;

/// <summary>The account journeys in Chromium: a lockout and its message, a forgotten password through the mailed link, a password change.</summary>
[CancelAfter(90_000)]
public sealed class AccountBrowserTests : PortalTest
{
    [Test]
    public async Task Wrong_passwords_show_one_message_and_the_fifth_locks_the_account_with_a_way_out()
    {
        var organizer = await DashboardHost.Api.NewOrganizerAsync("Larry Lockout", Token);
        await PortalBrowser.SetPasswordAsync(Page, organizer.Account.SetPasswordUrl, PortalBrowser.Password);

        for (var i = 1; i <= 4; i++)
        {
            await PortalBrowser.SignInAsync(Page, organizer.Account.Email, "a wrong guess " + i);
            await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The email or password is not right.");
        }
        await PortalBrowser.SignInAsync(Page, organizer.Account.Email, "a wrong guess 5");

        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Too many wrong passwords: this account is locked until");
        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Use 'Forgot your password?' to unlock it now.");
        await Screens.SaveAsync(Page, "portal-signin-locked", "the fifth wrong password locks the account");
        await PortalBrowser.SignInAsync(Page, organizer.Account.Email, PortalBrowser.Password);
        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("locked until");
        Assert.That(new Uri(Page.Url).AbsolutePath, Is.EqualTo("/portal/signin"), "even the right password waits for the lock");
        Assert.That(ScriptErrors, Is.Empty);
    }

    [Test]
    public async Task A_forgotten_password_is_reset_through_the_mailed_link_and_the_new_one_signs_in()
    {
        var since = TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(-2);
        var organizer = await DashboardHost.Api.NewOrganizerAsync("Frida Forgetful", Token);
        await PortalBrowser.SetPasswordAsync(Page, organizer.Account.SetPasswordUrl, PortalBrowser.Password);

        await Page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await Page.GetByLabel("Email").FillAsync(organizer.Account.Email);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send link" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("If that address has an account, we sent a link to it.");
        await Screens.SaveAsync(Page, "portal-forgot-password-sent", "the forgotten-password page after sending");

        var mail = await PortalMail.WaitForAsync(organizer.Account.Email, "Reset your IvrGateway password", since, Token);
        var link = PortalMail.Link(mail);
        await Page.GotoAsync(new Uri(DashboardHost.BaseUrl, new Uri(link).PathAndQuery).ToString());
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Set your password");
        await Page.GetByLabel("New password").FillAsync("a brand new passphrase");
        await Page.GetByLabel("Confirm password").FillAsync("a brand new passphrase");
        await Screens.SaveAsync(Page, "portal-reset-password", "the mailed link opens the set-password page");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Page.WaitForURLAsync("**/portal/signin", PortalBrowser.Committed);
        await PortalBrowser.SignInAsync(Page, organizer.Account.Email, "a brand new passphrase");

        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Today's calls");
        await Page.GotoAsync(new Uri(DashboardHost.BaseUrl, new Uri(link).PathAndQuery).ToString());
        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("expired or was already used");
        Assert.That(ScriptErrors, Is.Empty);
    }

    [Test]
    public async Task A_signed_in_organizer_changes_the_password_and_stays_signed_in()
    {
        var organizer = await PortalBrowser.SignInNewOrganizerAsync(Page, "Chris Changer", Token);

        await PortalBrowser.GotoAsync(Page, "/portal/settings/password");
        await Page.GetByLabel("Current password").FillAsync("not the current one");
        await Page.GetByLabel("New password", new() { Exact = true }).FillAsync("yet another passphrase");
        await Page.GetByLabel("Confirm new password").FillAsync("yet another passphrase");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This is not your current password.");
        await Assertions.Expect(Page.GetByLabel("Current password")).ToHaveAttributeAsync("aria-invalid", "true");
        await Screens.SaveAsync(Page, "portal-change-password-wrong", "a wrong current password, said next to the field and in the summary");

        await Page.GetByLabel("Current password").FillAsync(PortalBrowser.Password);
        await Page.GetByLabel("New password", new() { Exact = true }).FillAsync("yet another passphrase");
        await Page.GetByLabel("Confirm new password").FillAsync("yet another passphrase");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is changed.");
        await Screens.SaveAsync(Page, "portal-change-password-done", "the password changed; this session goes on");
        await PortalBrowser.GotoAsync(Page, "/portal");
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Today's calls");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await PortalBrowser.SignInAsync(Page, organizer.Account.Email, "yet another passphrase");
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Today's calls");
        Assert.That(ScriptErrors, Is.Empty);
    }
}
