using System.Net;
using IvrGateway.IntegrationTests.Mail;
using static IvrGateway.IntegrationTests.Portal.AccountSupport;

namespace IvrGateway.IntegrationTests.Portal;

/// <summary>Changing the password, sessions that end with it or with the account, and the account pages under bad input.</summary>
public sealed class AccountSessionTests : SmtpFixture
{
    [Test]
    public async Task Changing_the_password_ends_the_other_session_and_keeps_this_one()
    {
        using var app = MailingApp(smtp);
        var organizer = await app.NewOrganizerAsync("Carl Change");
        using var laptop = await PortalClient.SignInAsync(app, organizer);
        using var phone = PortalClient.Anonymous(app);
        var (phoneSignIn, _) = await SignInAsync(phone, organizer.Account.Email, PortalClient.Password);
        Assert.That(phoneSignIn.Headers.Location?.OriginalString, Is.EqualTo("/portal"));

        using var change = await laptop.PostFormAsync("/portal/settings/password",
            new() { ["current"] = PortalClient.Password, ["password"] = "yet another passphrase", ["confirm"] = "yet another passphrase" });
        var status = await laptop.GetPageAsync(change.Headers.Location!.OriginalString);
        var laptopHome = await laptop.GetPageAsync("/portal");
        using var phoneHome = await phone.GetAsync("/portal");

        Assert.Multiple(() =>
        {
            Assert.That(change.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(status, Does.Contain("Your password is changed."));
            Assert.That(laptopHome, Does.Contain("Sign out"), "this session goes on");
            Assert.That(phoneHome.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(phoneHome.Headers.Location?.AbsolutePath, Is.EqualTo("/portal/signin"), "the other session ended");
        });
    }

    [Test]
    public async Task A_wrong_current_password_or_a_weak_new_one_changes_nothing_and_says_why_next_to_the_field()
    {
        using var app = MailingApp(smtp);
        var organizer = await app.NewOrganizerAsync("Walt Weak");
        using var portal = await PortalClient.SignInAsync(app, organizer);

        using var wrongCurrent = await portal.PostFormAsync("/portal/settings/password",
            new() { ["current"] = "not my password", ["password"] = "yet another passphrase", ["confirm"] = "yet another passphrase" });
        using var common = await portal.PostFormAsync("/portal/settings/password",
            new() { ["current"] = PortalClient.Password, ["password"] = "password123", ["confirm"] = "password123" });
        using var mismatch = await portal.PostFormAsync("/portal/settings/password",
            new() { ["current"] = PortalClient.Password, ["password"] = "yet another passphrase", ["confirm"] = "yet another passphrase!" });
        var wrongHtml = await wrongCurrent.Content.ReadAsStringAsync();
        var commonHtml = await common.Content.ReadAsStringAsync();
        var mismatchHtml = await mismatch.Content.ReadAsStringAsync();
        using var again = PortalClient.Anonymous(app);
        var (signIn, _) = await SignInAsync(again, organizer.Account.Email, PortalClient.Password);

        Assert.Multiple(() =>
        {
            Assert.That(wrongCurrent.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(wrongHtml, Does.Contain("id=\"current-error\"").And.Contain("This is not your current password."));
            Assert.That(wrongHtml, Does.Contain("aria-describedby=\"current-error\""));
            Assert.That(wrongHtml, Does.Contain("class=\"error-summary\""));
            Assert.That(commonHtml, Does.Contain("id=\"password-error\"").And.Contain("most common"));
            Assert.That(mismatchHtml, Does.Contain("id=\"confirm-error\""));
            Assert.That(signIn.Headers.Location?.OriginalString, Is.EqualTo("/portal"), "the password is still the old one");
        });
    }

    [Test]
    public async Task Changing_the_password_needs_a_session()
    {
        using var app = MailingApp(smtp);
        using var anonymous = PortalClient.Anonymous(app);

        using var page = await anonymous.GetAsync("/portal/settings/password");

        Assert.That(page.Headers.Location?.AbsolutePath, Is.EqualTo("/portal/signin"));
    }

    [Test]
    public async Task A_disabled_organizers_session_ends_and_they_cannot_sign_in_again()
    {
        using var app = MailingApp(smtp);
        var organizer = await app.NewOrganizerAsync("Dana Disabled");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        await portal.GetPageAsync("/portal");

        using var disable = await app.Admin().PostAsync($"/api/v1/organizers/{organizer.Account.Id}/disable", null);
        using var home = await portal.GetAsync("/portal");
        using var fresh = PortalClient.Anonymous(app);
        var (signIn, html) = await SignInAsync(fresh, organizer.Account.Email, PortalClient.Password);
        using var forgot = await fresh.PostFormAsync("/portal/password/forgot", new() { ["email"] = organizer.Account.Email });
        await app.DispatchAsync();

        Assert.Multiple(() =>
        {
            Assert.That(disable.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(home.Headers.Location?.AbsolutePath, Is.EqualTo("/portal/signin"), "the session ended");
            Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("The email or password is not right."));
            Assert.That(smtp.MailTo(organizer.Account.Email, "Reset"), Is.Empty, "a disabled account gets no reset link");
        });
    }

    [TestCase("/portal/password/forgot")]
    [TestCase("/portal/settings/password")]
    [TestCase("/portal/signin")]
    public async Task An_account_form_posted_without_its_antiforgery_token_is_refused(string path)
    {
        using var app = MailingApp(smtp);
        var organizer = await app.NewOrganizerAsync("Forge Fred");
        using var portal = await PortalClient.SignInAsync(app, organizer);

        using var response = await portal.PostFormWithoutTokenAsync(path,
            new() { ["email"] = organizer.Account.Email, ["current"] = PortalClient.Password, ["password"] = "yet another passphrase", ["confirm"] = "yet another passphrase" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Odd_input_on_the_account_pages_is_never_a_server_error()
    {
        using var app = MailingApp(smtp);
        var organizer = await app.NewOrganizerAsync("Otto Odd");
        using var portal = await PortalClient.SignInAsync(app, organizer);
        using var anonymous = PortalClient.Anonymous(app);
        var huge = new string('x', 100_000);
        var statuses = new List<(string, HttpStatusCode)>();

        foreach (var email in new[] { "", " ", huge, "not-an-email", "a@b", "\u0000@example.com", "ü@例え.jp", "<script>@x.com" })
        {
            using var forgot = await anonymous.PostFormAsync("/portal/password/forgot", new() { ["email"] = email });
            statuses.Add(("forgot " + email[..Math.Min(email.Length, 20)], forgot.StatusCode));
            using var signIn = await anonymous.PostFormAsync("/portal/signin", new() { ["email"] = email, ["password"] = email, ["returnUrl"] = email });
            statuses.Add(("signin " + email[..Math.Min(email.Length, 20)], signIn.StatusCode));
            using var change = await portal.PostFormAsync("/portal/settings/password", new() { ["current"] = email, ["password"] = email, ["confirm"] = huge });
            statuses.Add(("change " + email[..Math.Min(email.Length, 20)], change.StatusCode));
        }
        foreach (var query in new[] { "?token=", "?token=" + huge[..3000], "?token=~", "?token=org_x~", "?token=%00~%00", "?token=../../x~y", "?returnUrl=//evil.example" })
        {
            using var set = await anonymous.GetAsync("/portal/password/set" + query);
            statuses.Add(("set " + query[..Math.Min(query.Length, 20)], set.StatusCode));
            using var signIn = await anonymous.GetAsync("/portal/signin" + query);
            statuses.Add(("signin " + query[..Math.Min(query.Length, 20)], signIn.StatusCode));
        }
        using var setPost = await anonymous.PostFormAsync("/portal/password/set?token=x", new() { ["token"] = "org_nobody~secret", ["password"] = huge, ["confirm"] = huge },
            formPage: "/portal/signin");
        statuses.Add(("set post", setPost.StatusCode));

        Assert.That(statuses.Where(s => (int)s.Item2 >= 500), Is.Empty);
    }
}
