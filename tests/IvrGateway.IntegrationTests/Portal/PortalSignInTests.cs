using System.Net;
using System.Net.Http.Json;

namespace IvrGateway.IntegrationTests.Portal;

public sealed class PortalSignInTests : ApplicationFixture<IvrApplication>
{
    [Test]
    public async Task Creating_an_organizer_answers_a_set_password_link_that_opens_the_portal_once()
    {
        var organizer = await app.NewOrganizerAsync("Sally Signin");
        using var portal = await PortalClient.SignInAsync(app, organizer);

        var home = await portal.GetPageAsync("/portal");
        var again = await portal.GetPageAsync(new Uri(organizer.Account.SetPasswordUrl).PathAndQuery);

        Assert.Multiple(() =>
        {
            Assert.That(organizer.Account.SetPasswordUrl, Does.StartWith("http").And.Contain("/portal/password/set?token="));
            Assert.That(home, Does.Contain("Today&#x27;s calls").Or.Contain("Today's calls"));
            Assert.That(again, Does.Contain("expired or was already used"));
        });
    }

    [Test]
    public async Task A_second_account_with_the_same_email_is_refused_and_changes_nothing()
    {
        var first = await app.NewOrganizerAsync("Dora Double", email: "dora.double@example.com");

        var response = await app.Admin().PostAsJsonAsync("/api/v1/organizers", new { name = "Dora Again", email = "DORA.double@example.com ", timeZone = "UTC" });
        using var portal = await PortalClient.SignInAsync(app, first);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(portal.Http, Is.Not.Null, "the first account still signs in with its address");
        });
    }

    [Test]
    public async Task A_password_from_the_common_list_or_too_short_is_refused_next_to_the_field_and_the_link_stays_usable()
    {
        var organizer = await app.NewOrganizerAsync("Connie Common");
        using var browser = PortalClient.Anonymous(app);
        var link = new Uri(organizer.Account.SetPasswordUrl).PathAndQuery;
        var token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);

        using var common = await browser.PostFormAsync(link, new() { ["token"] = token, ["password"] = "password123", ["confirm"] = "password123" });
        using var shortOne = await browser.PostFormAsync(link, new() { ["token"] = token, ["password"] = "x7#q", ["confirm"] = "x7#q" });
        var commonHtml = await common.Content.ReadAsStringAsync();
        var shortHtml = await shortOne.Content.ReadAsStringAsync();
        using var good = await browser.PostFormAsync(link, new() { ["token"] = token, ["password"] = PortalClient.Password, ["confirm"] = PortalClient.Password });

        Assert.Multiple(() =>
        {
            Assert.That(common.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(commonHtml, Does.Contain("most common"));
            Assert.That(shortHtml, Does.Contain("at least 10 characters"));
            Assert.That(good.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the link still works after refused passwords");
        });
    }

    [Test]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        var organizer = await app.NewOrganizerAsync("Forge Ferris");
        using var browser = PortalClient.Anonymous(app);

        using var response = await browser.PostFormWithoutTokenAsync("/portal/signin", new() { ["email"] = organizer.Account.Email, ["password"] = "whatever-it-is" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task The_portal_cookie_is_http_only_lax_secure_and_limited_to_the_portal()
    {
        var organizer = await app.NewOrganizerAsync("Cookie Carla");
        using var browser = PortalClient.Anonymous(app, handleCookies: false);
        var link = new Uri(organizer.Account.SetPasswordUrl).PathAndQuery;
        var token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        using var page = await browser.GetAsync(link);
        var antiforgeryCookie = page.Headers.GetValues("Set-Cookie").First().Split(';')[0];
        var html = await page.Content.ReadAsStringAsync();
        var field = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        using var set = new HttpRequestMessage(HttpMethod.Post, link)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["token"] = token, ["password"] = PortalClient.Password, ["confirm"] = PortalClient.Password, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(field),
            }),
        };
        set.Headers.Add("Cookie", antiforgeryCookie);
        using var setResponse = await browser.Http.SendAsync(set);
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/portal/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = organizer.Account.Email, ["password"] = PortalClient.Password, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(field),
            }),
        };
        signIn.Headers.Add("Cookie", antiforgeryCookie);
        using var response = await browser.Http.SendAsync(signIn);
        var session = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ivr-portal=", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(setResponse.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(session, Does.Contain("path=/portal"));
            Assert.That(session, Does.Contain("httponly"));
            Assert.That(session, Does.Contain("samesite=lax"));
            Assert.That(session, Does.Contain("secure"), "the public URL is https");
        });
    }
}
