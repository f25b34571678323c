using System.Net;
using System.Net.Http.Json;
using IvrGateway.Infrastructure.Security;
using IvrGateway.IntegrationTests.Mail;
using static IvrGateway.IntegrationTests.Portal.AccountSupport;

namespace IvrGateway.IntegrationTests.Portal;

/// <summary>
/// The account's mail, through the durable outbox to a real SMTP server: the welcome with the set-password link, the
/// forgotten-password link (once, for an hour), and security notices; never a secret in a subject or a log line.
/// </summary>
public sealed class AccountMailTests : SmtpFixture
{
    [Test]
    public async Task A_new_organizer_gets_a_welcome_in_text_and_html_with_the_link_the_api_answered_and_no_secret_in_the_subject()
    {
        using var app = MailingApp(smtp);
        var organizer = await app.NewOrganizerAsync("Wendy Welcome");

        var mail = await app.MailAsync(smtp, organizer.Account.Email, "Welcome");

        Assert.Multiple(() =>
        {
            Assert.That(mail.Subject, Is.EqualTo("Welcome to IvrGateway: set your password"));
            Assert.That(mail.TextBody, Does.Contain(organizer.Account.SetPasswordUrl));
            Assert.That(mail.HtmlBody, Does.Contain(WebUtility.HtmlEncode(organizer.Account.SetPasswordUrl)));
            Assert.That(mail.TextBody + mail.HtmlBody, Does.Not.Contain(organizer.Account.ApiKey).And.Not.Contain(organizer.Account.HostPin));
            Assert.That(mail.Subject, Does.Not.Contain("token"));
        });
    }

    [Test]
    public async Task The_outbox_keeps_no_link_token_only_its_digest()
    {
        using var app = MailingApp(smtp);
        var organizer = await app.NewOrganizerAsync("Olive Outbox");
        var token = Token(new Uri(organizer.Account.SetPasswordUrl).PathAndQuery);

        var stored = string.Join("\n", (await TestRedis.Database.HashValuesAsync($"{app.KeyPrefix}:{{mail}}:messages")).Select(v => v.ToString()));

        Assert.Multiple(() =>
        {
            Assert.That(stored, Does.Contain("account-password-link"));
            Assert.That(stored, Does.Not.Contain(token));
            Assert.That(stored, Does.Not.Contain(token.Split('~')[1]));
        });
    }

    [Test]
    public async Task A_forgotten_password_link_arrives_by_mail_works_once_and_the_account_signs_in_with_the_new_password()
    {
        using var app = MailingApp(smtp);
        var organizer = await app.NewOrganizerAsync("Fiona Forgot");
        using (await PortalClient.SignInAsync(app, organizer))
        {
        }
        using var browser = PortalClient.Anonymous(app);

        using var forgot = await browser.PostFormAsync("/portal/password/forgot", new() { ["email"] = organizer.Account.Email.ToUpperInvariant() });
        var status = await browser.GetPageAsync(forgot.Headers.Location!.OriginalString);
        var mail = await app.MailAsync(smtp, organizer.Account.Email, "Reset your IvrGateway password");
        var link = mail.Link();
        using var set = await SetPasswordAsync(browser, link, "a brand new passphrase");
        var again = await browser.GetPageAsync(link);
        var (oldPassword, _) = await SignInAsync(browser, organizer.Account.Email, PortalClient.Password);
        var (newPassword, _) = await SignInAsync(browser, organizer.Account.Email, "a brand new passphrase");

        Assert.Multiple(() =>
        {
            Assert.That(WebUtility.HtmlDecode(status), Does.Contain("If that address has an account, we sent a link to it."));
            Assert.That(mail.FlatText(), Does.Contain("works once, for 1 hour"));
            Assert.That(mail.HtmlBody, Does.Contain("Choose a new password"));
            Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(again, Does.Contain("expired or was already used"), "the link works once");
            Assert.That(oldPassword.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the old password no longer signs in");
            Assert.That(newPassword.Headers.Location?.OriginalString, Is.EqualTo("/portal"));
        });
    }

    [Test]
    public async Task A_forgotten_password_link_expires_after_an_hour()
    {
        using var app = MailingApp(smtp);
        var organizer = await app.NewOrganizerAsync("Edna Expired");
        using var browser = PortalClient.Anonymous(app);
        using var forgot = await browser.PostFormAsync("/portal/password/forgot", new() { ["email"] = organizer.Account.Email });
        var link = (await app.MailAsync(smtp, organizer.Account.Email, "Reset your IvrGateway password")).Link();

        app.Time.Advance(TimeSpan.FromMinutes(59));
        var stillOpen = await browser.GetPageAsync(link);
        app.Time.Advance(TimeSpan.FromMinutes(2));
        var expired = await browser.GetPageAsync(link);
        // The expired page has no form: the token comes from another page, as a forged post's would.
        using var post = await browser.PostFormAsync(link, new() { ["token"] = Token(link), ["password"] = "a brand new passphrase", ["confirm"] = "a brand new passphrase" },
            formPage: "/portal/signin");
        var postHtml = await post.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(stillOpen, Does.Contain("New password"));
            Assert.That(expired, Does.Contain("expired or was already used"));
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.OK), "an expired link sets nothing");
            Assert.That(postHtml, Does.Contain("expired or was already used"));
        });
    }

    [Test]
    public async Task An_address_without_an_account_gets_the_same_answer_and_no_mail()
    {
        using var app = MailingApp(smtp);
        using var browser = PortalClient.Anonymous(app);

        using var forgot = await browser.PostFormAsync("/portal/password/forgot", new() { ["email"] = "nobody.at.all@example.com" });
        var status = await browser.GetPageAsync(forgot.Headers.Location!.OriginalString);
        await app.DispatchAsync();

        Assert.Multiple(() =>
        {
            Assert.That(forgot.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(WebUtility.HtmlDecode(status), Does.Contain("If that address has an account, we sent a link to it."));
            Assert.That(smtp.Messages, Is.Empty);
        });
    }

    [Test]
    public async Task A_newer_link_replaces_the_one_in_an_unsent_message_which_is_then_not_sent()
    {
        using var app = MailingApp(smtp);
        var organizer = await app.NewOrganizerAsync("Nora Newer");
        using var browser = PortalClient.Anonymous(app);
        using var first = await browser.PostFormAsync("/portal/password/forgot", new() { ["email"] = organizer.Account.Email });
        using var second = await browser.PostFormAsync("/portal/password/forgot", new() { ["email"] = organizer.Account.Email });

        var mail = await app.MailAsync(smtp, organizer.Account.Email, "Reset your IvrGateway password");
        await app.DispatchAsync();

        Assert.That(smtp.MailTo(organizer.Account.Email, "Reset"), Has.Count.EqualTo(1), "only the link in force is mailed");
        Assert.That(mail.Link(), Does.Contain("token="));
    }

    [Test]
    public async Task No_password_token_or_link_appears_in_any_log_line()
    {
        using var app = MailingApp(smtp);
        var organizer = await app.NewOrganizerAsync("Lena Logs");
        using (await PortalClient.SignInAsync(app, organizer))
        {
        }
        using var browser = PortalClient.Anonymous(app);
        using var wrong = await browser.PostFormAsync("/portal/signin", new() { ["email"] = organizer.Account.Email, ["password"] = "wrong horse battery staple" });
        using var forgot = await browser.PostFormAsync("/portal/password/forgot", new() { ["email"] = organizer.Account.Email });
        var link = (await app.MailAsync(smtp, organizer.Account.Email, "Reset your IvrGateway password")).Link();
        using var set = await SetPasswordAsync(browser, link, "a brand new passphrase");
        using var portal = PortalClient.Anonymous(app);
        var (signIn, _) = await SignInAsync(portal, organizer.Account.Email, "a brand new passphrase");
        using var change = await portal.PostFormAsync("/portal/settings/password",
            new() { ["current"] = "a brand new passphrase", ["password"] = "yet another passphrase", ["confirm"] = "yet another passphrase" });
        await app.MailAsync(smtp, organizer.Account.Email, "password changed");

        var logs = app.Logs.All;
        var token = Token(link);
        Assert.Multiple(() =>
        {
            Assert.That(change.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(logs, Does.Not.Contain(PortalClient.Password));
            Assert.That(logs, Does.Not.Contain("wrong horse battery staple"));
            Assert.That(logs, Does.Not.Contain("a brand new passphrase"));
            Assert.That(logs, Does.Not.Contain("yet another passphrase"));
            Assert.That(logs, Does.Not.Contain(token.Split('~')[1]));
            Assert.That(logs, Does.Not.Contain(Uri.EscapeDataString(token)));
            Assert.That(logs, Does.Not.Contain(Token(new Uri(organizer.Account.SetPasswordUrl).PathAndQuery).Split('~')[1]));
        });
    }

    [Test]
    public async Task Rotating_the_api_key_and_the_host_pin_and_changing_the_password_each_mail_one_notice_without_the_secret()
    {
        using var app = MailingApp(smtp);
        var organizer = await app.NewOrganizerAsync("Nina Notice");
        using var portal = await PortalClient.SignInAsync(app, organizer);

        var key = (await (await organizer.Http.PostAsync("/api/v1/me/api-key", null)).Content.ReadFromJsonAsync<Dictionary<string, string>>())!;
        using var rotated = app.Client(key["apiKey"]);
        var pin = (await (await rotated.PostAsync("/api/v1/me/host-pin", null)).Content.ReadFromJsonAsync<Dictionary<string, string>>())!;
        using var change = await portal.PostFormAsync("/portal/settings/password",
            new() { ["current"] = PortalClient.Password, ["password"] = "yet another passphrase", ["confirm"] = "yet another passphrase" });

        var keyNotice = await app.MailAsync(smtp, organizer.Account.Email, "API key replaced");
        var pinNotice = await app.MailAsync(smtp, organizer.Account.Email, "host PIN changed");
        var passwordNotice = await app.MailAsync(smtp, organizer.Account.Email, "password changed");
        await app.DispatchAsync();

        Assert.Multiple(() =>
        {
            Assert.That(keyNotice.FlatText(), Does.Contain("the old key no longer works"));
            Assert.That(keyNotice.TextBody + keyNotice.HtmlBody, Does.Not.Contain(key["apiKey"]));
            Assert.That(pinNotice.TextBody + pinNotice.HtmlBody, Does.Not.Contain(pin["hostPin"]));
            Assert.That(passwordNotice.FlatText(), Does.Contain("Other signed-in sessions were signed out"));
            Assert.That(passwordNotice.TextBody + passwordNotice.HtmlBody, Does.Not.Contain("yet another passphrase"));
            Assert.That(smtp.Messages.Count(m => (m.Subject ?? "").StartsWith("Security notice", StringComparison.Ordinal)), Is.EqualTo(3), "one message per event");
        });
    }

    [Test]
    public async Task A_reset_through_the_link_mails_a_notice_but_setting_the_first_password_does_not()
    {
        using var app = MailingApp(smtp);
        var organizer = await app.NewOrganizerAsync("Rhea Reset");
        using (await PortalClient.SignInAsync(app, organizer))
        {
        }
        using var browser = PortalClient.Anonymous(app);
        using var forgot = await browser.PostFormAsync("/portal/password/forgot", new() { ["email"] = organizer.Account.Email });
        using var set = await SetPasswordAsync(browser, (await app.MailAsync(smtp, organizer.Account.Email, "Reset")).Link(), "a brand new passphrase");

        var notice = await app.MailAsync(smtp, organizer.Account.Email, "password reset");
        await app.DispatchAsync();

        Assert.Multiple(() =>
        {
            Assert.That(notice.FlatText(), Does.Contain("reset through an emailed link"));
            Assert.That(smtp.Messages.Count(m => (m.Subject ?? "").StartsWith("Security notice", StringComparison.Ordinal)), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task The_same_security_event_seen_twice_is_mailed_once()
    {
        using var app = MailingApp(smtp);
        var organizer = await app.NewOrganizerAsync("Tess Twice");
        var at = app.Time.GetUtcNow();
        var observer = app.Service<IEnumerable<ISecurityEventObserver>>().Single();

        await observer.ObserveAsync(SecurityEventKind.HostPinLocked, at, organizer.Account.Id, CancellationToken.None);
        await observer.ObserveAsync(SecurityEventKind.HostPinLocked, at, organizer.Account.Id, CancellationToken.None);
        var notice = await app.MailAsync(smtp, organizer.Account.Email, "host PIN entry locked");
        await app.DispatchAsync();

        Assert.That(smtp.MailTo(organizer.Account.Email, "host PIN entry locked"), Has.Count.EqualTo(1));
        Assert.That(notice.FlatText(), Does.Contain("Too many wrong host PINs"));
    }

    [Test]
    public async Task Wrong_host_pins_that_lock_pin_entry_and_the_lift_by_ops_each_mail_the_organizer_a_notice()
    {
        using var app = MailingApp(smtp);
        var (organizer, meeting) = await VoiceScenarios.SharedAsync(app);
        var guesses = 0;
        for (var n = 0; n < 12 && smtp.MailTo(organizer.Account.Email, "host PIN entry locked").Count == 0; n++)
        {
            var call = new VoiceCall(app, from: $"+120255507{n:00}", verstat: VoiceCall.Attested);
            await call.DialAsync();
            for (var i = 0; i < 3 && call.Last!.Gather is not null; i++)
            {
                var pin = (200000 + guesses++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await call.PressAsync($"{meeting.AccessCode}*{(pin == organizer.Account.HostPin ? "999999" : pin)}#");
            }
        }

        var locked = await app.MailAsync(smtp, organizer.Account.Email, "host PIN entry locked");
        using var lift = await app.Ops().DeleteAsync($"/api/v1/organizers/{organizer.Account.Id}/host-pin-lock");
        var lifted = await app.MailAsync(smtp, organizer.Account.Email, "host PIN lock lifted");
        var events = await app.OfKindAsync("host-pin-locked");

        Assert.Multiple(() =>
        {
            Assert.That(locked.TextBody + locked.HtmlBody, Does.Not.Contain(organizer.Account.HostPin));
            Assert.That(lift.IsSuccessStatusCode, Is.True);
            Assert.That(lifted.FlatText(), Does.Contain("the host PIN works again"));
            Assert.That(events.Single().OrganizerId, Is.EqualTo(organizer.Account.Id), "the event names its organizer");
        });
    }
}
