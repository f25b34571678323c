using System.Net;
using System.Net.Http.Headers;
using IvrGateway.IntegrationTests.Mail;
using static IvrGateway.IntegrationTests.Portal.AccountSupport;

namespace IvrGateway.IntegrationTests.Portal;

/// <summary>
/// Sign-in protection: the account lockout (from any address, stored in Redis), its message, unlocking through the
/// emailed reset link, and ASP.NET Core's rate limiter per client address and per posted email.
/// </summary>
public sealed class AccountLockoutTests : SmtpFixture
{
    private const string Wrong = "not the password at all";

    [Test]
    public async Task Five_wrong_passwords_from_five_addresses_lock_the_account_even_for_the_right_password_and_say_until_when()
    {
        using var app = MailingApp(smtp);
        var organizer = await app.NewOrganizerAsync("Lola Locked");
        using (await PortalClient.SignInAsync(app, organizer))
        {
        }

        var answers = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            using var guesser = From(app, $"203.0.113.{i}");
            var (response, html) = await SignInAsync(guesser, organizer.Account.Email, Wrong + i);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            answers.Add(html);
        }
        using var owner = From(app, "198.51.100.20");
        var (rightResponse, rightHtml) = await SignInAsync(owner, organizer.Account.Email, PortalClient.Password);
        var until = app.Time.GetUtcNow().AddMinutes(15).UtcDateTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Multiple(() =>
        {
            Assert.That(answers.Take(4), Has.All.Contain("The email or password is not right."));
            Assert.That(answers[4], Does.Contain("Too many wrong passwords: this account is locked until " + until + " UTC."));
            Assert.That(rightResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK), "no session while locked, whichever address asks");
            Assert.That(rightResponse.Headers.Contains("Set-Cookie") && rightResponse.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("ivr-portal=", StringComparison.Ordinal)), Is.False);
            Assert.That(WebUtility.HtmlDecode(rightHtml), Does.Contain("Use 'Forgot your password?' to unlock it now."));
        });
    }

    [Test]
    public async Task The_lock_ends_by_itself_after_the_lock_time()
    {
        using var app = MailingApp(smtp);
        var organizer = await app.NewOrganizerAsync("Tina Timeout");
        using (await PortalClient.SignInAsync(app, organizer))
        {
        }
        using var guesser = From(app, "203.0.113.30");
        for (var i = 0; i < 5; i++)
        {
            using var _ = (await SignInAsync(guesser, organizer.Account.Email, Wrong)).Response;
        }

        app.Time.Advance(TimeSpan.FromMinutes(16));
        var (response, _) = await SignInAsync(guesser, organizer.Account.Email, PortalClient.Password);

        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/portal"));
    }

    [Test]
    public async Task An_address_without_an_account_is_answered_exactly_as_an_account_is_wrong_and_locked_alike()
    {
        using var app = MailingApp(smtp);
        var organizer = await app.NewOrganizerAsync("Rita Real");
        using (await PortalClient.SignInAsync(app, organizer))
        {
        }
        using var client = From(app, "203.0.113.40");
        var real = new List<string>();
        var unknown = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            real.Add(Normalize((await SignInAsync(client, organizer.Account.Email, Wrong)).Html, organizer.Account.Email));
            unknown.Add(Normalize((await SignInAsync(client, "nobody.here@example.com", Wrong)).Html, "nobody.here@example.com"));
        }

        Assert.That(unknown, Is.EqualTo(real), "the same pages, message for message, lock included");

        static string Normalize(string html, string email) =>
            System.Text.RegularExpressions.Regex.Replace(html, "value=\"[^\"]*\"", "value=\"\"").Replace(email, "EMAIL", StringComparison.Ordinal);
    }

    [Test]
    public async Task A_reset_through_the_emailed_link_unlocks_the_account_at_once()
    {
        using var app = MailingApp(smtp);
        var organizer = await app.NewOrganizerAsync("Ursula Unlock");
        using (await PortalClient.SignInAsync(app, organizer))
        {
        }
        using var guesser = From(app, "203.0.113.50");
        for (var i = 0; i < 5; i++)
        {
            using var _ = (await SignInAsync(guesser, organizer.Account.Email, Wrong)).Response;
        }

        using var owner = From(app, "198.51.100.50");
        using var forgot = await owner.PostFormAsync("/portal/password/forgot", new() { ["email"] = organizer.Account.Email });
        var mail = await app.MailAsync(smtp, organizer.Account.Email, "Reset your IvrGateway password");
        using var set = await SetPasswordAsync(owner, mail.Link(), "a brand new passphrase");
        var (signIn, _) = await SignInAsync(owner, organizer.Account.Email, "a brand new passphrase");

        Assert.Multiple(() =>
        {
            Assert.That(forgot.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the link sets the password while the account is locked");
            Assert.That(signIn.Headers.Location?.OriginalString, Is.EqualTo("/portal"), "and unlocks it");
        });
    }

    [Test]
    public async Task Sign_ins_from_one_address_beyond_its_limit_get_a_429_page_with_retry_after_and_the_message()
    {
        using var app = MailingApp(smtp, new() { ["RateLimits:SignInPerAddress:PermitLimit"] = "3" });
        using var client = From(app, "203.0.113.60");
        client.Http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        for (var i = 0; i < 3; i++)
        {
            using var _ = (await SignInAsync(client, $"someone{i}@example.com", Wrong)).Response;
        }

        var (limited, html) = await SignInAsync(client, "someone.else@example.com", Wrong);
        using var json = From(app, "203.0.113.60");
        var (problem, _) = await SignInAsync(json, "someone.else@example.com", Wrong);
        using var elsewhere = From(app, "198.51.100.60");
        var (other, _) = await SignInAsync(elsewhere, "someone.else@example.com", Wrong);

        Assert.Multiple(() =>
        {
            Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(limited.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(html, Does.Contain("<h1>Too many sign-in attempts</h1>"));
            Assert.That(html, Does.Contain("Try again in"));
            Assert.That(problem.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(problem.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), "a client that did not ask for HTML gets the problem document");
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another address is not limited");
        });
    }

    [Test]
    public async Task Sign_ins_for_one_email_from_many_addresses_are_limited_per_email_and_other_emails_are_not()
    {
        using var app = MailingApp(smtp, new() { ["RateLimits:SignInPerAccount:PermitLimit"] = "4", ["Portal:SignIn:MaxWrongPasswords"] = "100" });
        for (var i = 0; i < 4; i++)
        {
            using var guesser = From(app, $"203.0.113.{70 + i}");
            using var _ = (await SignInAsync(guesser, "target@example.com", Wrong)).Response;
        }

        using var fifth = From(app, "203.0.113.80");
        var (limited, _) = await SignInAsync(fifth, " TARGET@example.com", Wrong);
        var (otherEmail, _) = await SignInAsync(fifth, "bystander@example.com", Wrong);

        Assert.Multiple(() =>
        {
            Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "the same email, however it is written");
            Assert.That(otherEmail.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the partition is the posted email, not one bucket for the whole portal");
        });
    }

    [Test]
    public async Task The_forgotten_password_page_is_rate_limited_like_sign_in()
    {
        using var app = MailingApp(smtp, new() { ["RateLimits:SignInPerAddress:PermitLimit"] = "2" });
        using var client = From(app, "203.0.113.90");
        using var first = await client.PostFormAsync("/portal/password/forgot", new() { ["email"] = "a@example.com" });
        using var second = await client.PostFormAsync("/portal/password/forgot", new() { ["email"] = "b@example.com" });
        using var third = await client.PostFormAsync("/portal/password/forgot", new() { ["email"] = "c@example.com" });

        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        });
    }

    [Test]
    public void Lockout_settings_out_of_range_stop_the_start_naming_the_key()
    {
        using var app = MailingApp(smtp, new() { ["Portal:SignIn:MaxWrongPasswords"] = "0" });

        var e = Assert.Catch(() => app.CreateClient());

        Assert.That(e!.ToString(), Does.Contain("Portal:SignIn:MaxWrongPasswords"));
    }
}
