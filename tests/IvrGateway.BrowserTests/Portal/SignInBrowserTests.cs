using Microsoft.Playwright;

namespace IvrGateway.BrowserTests.Portal;

[CancelAfter(60_000)]
public sealed class SignInBrowserTests : PortalTest
{
    [Test]
    public async Task A_new_organizer_sets_a_password_from_the_link_signs_in_and_signs_out()
    {
        var organizer = await DashboardHost.Api.NewOrganizerAsync("Petra Portal", Token);

        await PortalBrowser.GotoAsync(Page, "/portal");
        Assert.That(new Uri(Page.Url).AbsolutePath, Is.EqualTo("/portal/signin"), "without a session the portal asks to sign in");
        await PortalBrowser.SetPasswordAsync(Page, organizer.Account.SetPasswordUrl, PortalBrowser.Password);
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is set");
        await Screens.SaveAsync(Page, "portal-signin", "the sign-in page after setting a password");
        await PortalBrowser.SignInAsync(Page, organizer.Account.Email, PortalBrowser.Password);

        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Today's calls");
        await Assertions.Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToContainTextAsync("Address book");
        await Screens.SaveAsync(Page, "portal-home", "the portal's home page, signed in");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Page.WaitForURLAsync("**/portal/signin", PortalBrowser.Committed);
        await PortalBrowser.GotoAsync(Page, "/portal");
        Assert.That(new Uri(Page.Url).AbsolutePath, Is.EqualTo("/portal/signin"), "signed out: the portal asks again");
        Assert.That(ScriptErrors, Is.Empty);
    }

    [Test]
    public async Task A_set_password_link_works_once()
    {
        var organizer = await DashboardHost.Api.NewOrganizerAsync("Olga Once", Token);
        await PortalBrowser.SetPasswordAsync(Page, organizer.Account.SetPasswordUrl, PortalBrowser.Password);

        await Page.GotoAsync(new Uri(DashboardHost.BaseUrl, new Uri(organizer.Account.SetPasswordUrl).PathAndQuery).ToString());

        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("expired or was already used");
        await Assertions.Expect(Page.GetByLabel("New password")).ToHaveCountAsync(0);
    }

    [Test]
    public async Task A_wrong_password_shows_one_message_and_no_session()
    {
        var organizer = await DashboardHost.Api.NewOrganizerAsync("Walter Wrong", Token);
        await PortalBrowser.SetPasswordAsync(Page, organizer.Account.SetPasswordUrl, PortalBrowser.Password);

        await PortalBrowser.SignInAsync(Page, organizer.Account.Email, "not the password at all");

        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The email or password is not right.");
        await Assertions.Expect(Page.GetByLabel("Email")).ToHaveValueAsync(organizer.Account.Email);
        await Screens.SaveAsync(Page, "portal-signin-wrong-password", "a wrong password");
        await PortalBrowser.GotoAsync(Page, "/portal");
        Assert.That(new Uri(Page.Url).AbsolutePath, Is.EqualTo("/portal/signin"));
    }
}
