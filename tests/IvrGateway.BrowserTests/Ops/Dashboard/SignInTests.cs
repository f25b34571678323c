using System.Net;

namespace IvrGateway.BrowserTests.Ops.Dashboard;

[CancelAfter(30_000)]
public sealed class SignInTests : DashboardTest
{
    [TestCase("/ops")]
    [TestCase("/ops/calls?outcome=locked-out")]
    [TestCase("/ops/calls/CA0123456789abcdef0123456789abcdef")]
    [TestCase("/ops/live")]
    [TestCase("/ops/calls/export?format=csv")]
    public async Task Without_a_session_every_dashboard_route_redirects_to_the_sign_in_page(string path)
    {
        using var ops = new OpsHttp();

        using var response = await ops.GetAsync(path, Token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var location = response.Headers.Location!;
        Assert.Multiple(() =>
        {
            Assert.That(location.AbsolutePath, Is.EqualTo("/ops/signin"));
            Assert.That(WebUtility.UrlDecode(location.Query), Is.EqualTo("?returnUrl=" + path), "back to where the viewer was going");
        });
    }

    [Test]
    public async Task The_api_keeps_answering_401_problem_json_and_is_never_redirected()
    {
        using var ops = await OpsHttp.SignedInAsync(Token);
        var session = ops.Cookies.GetCookies(new Uri(DashboardHost.BaseUrl, "/ops")).Single(c => c.Name == "ivr-ops");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/calls");
        // Even a session cookie sent on purpose does not open the API: it takes the ops key only.
        request.Headers.Add("Cookie", $"{session.Name}={session.Value}");

        using var response = await ops.SendAsync(request, Token);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(response.Headers.Location, Is.Null);
        });
    }

    [Test]
    public async Task A_wrong_key_shows_the_form_again_with_an_error_and_opens_no_session()
    {
        using var ops = new OpsHttp();

        using var response = await ops.SignInAsync("not-the-ops-key-0123456789", Token);
        var html = await response.Content.ReadAsStringAsync(Token);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a page, not an API: no 401");
            Assert.That(html, Does.Contain("That is not the ops key."));
            Assert.That(html, Does.Contain("type=\"password\""));
            Assert.That(ops.Cookies.GetCookies(new Uri(DashboardHost.BaseUrl, "/ops")).Any(c => c.Name == "ivr-ops"), Is.False);
        });
    }

    [Test]
    public async Task Signing_in_with_the_ops_key_opens_the_dashboard_with_a_strict_http_only_cookie()
    {
        using var ops = new OpsHttp();

        using var signIn = await ops.SignInAsync(DashboardHost.OpsKey, Token, "/ops/signin?returnUrl=%2Fops%2Fcalls");
        using var page = await ops.GetAsync("/ops", Token);
        var html = await page.Content.ReadAsStringAsync(Token);

        var setCookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ivr-ops=", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(signIn.Headers.Location?.OriginalString, Is.EqualTo("/ops/calls"), "back to the page asked for");
            Assert.That(setCookie, Does.Contain("path=/ops").And.Contain("httponly").And.Contain("samesite=strict"));
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("Calls in progress").And.Contain("Live conferences").And.Contain("Recent failures").And.Contain("Security events"));
            Assert.That(html, Does.Contain("in your time zone"));
        });
    }

    [TestCase("//evil.example/ops")]
    [TestCase("https://evil.example/ops")]
    [TestCase("/api/v1/calls")]
    public async Task A_return_address_outside_the_dashboard_is_ignored(string returnUrl)
    {
        using var ops = new OpsHttp();

        using var signIn = await ops.SignInAsync(DashboardHost.OpsKey, Token, "/ops/signin?returnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.That(signIn.Headers.Location?.OriginalString, Is.EqualTo("/ops"));
    }

    [Test]
    public async Task Signing_in_without_the_antiforgery_token_is_refused()
    {
        using var ops = new OpsHttp();
        await ops.FormTokenAsync("/ops/signin", Token); // the antiforgery cookie alone is not enough

        using var response = await ops.PostFormAsync("/ops/signin", [new("key", DashboardHost.OpsKey)], Token);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(ops.Cookies.GetCookies(new Uri(DashboardHost.BaseUrl, "/ops")).Any(c => c.Name == "ivr-ops"), Is.False);
        });
    }

    [Test]
    public async Task Signing_out_needs_the_form_token_and_ends_the_session()
    {
        using var ops = await OpsHttp.SignedInAsync(Token);

        using var forged = await ops.PostFormAsync("/ops/signout", [], Token);
        using var stillIn = await ops.GetAsync("/ops", Token);
        var token = await ops.FormTokenAsync("/ops", Token);
        using var signOut = await ops.PostFormAsync("/ops/signout", [new("__RequestVerificationToken", token)], Token);
        using var after = await ops.GetAsync("/ops", Token);

        Assert.Multiple(() =>
        {
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a sign-out from another page (no token) is refused");
            Assert.That(stillIn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(signOut.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed out");
        });
    }

    [TestCase("/ops")]
    [TestCase("/ops/calls")]
    [TestCase("/ops/signin")]
    public async Task Dashboard_pages_allow_only_their_own_scripts_and_are_never_framed_or_cached(string path)
    {
        // The sign-in page is for a viewer without a session (with one, it sends them on into the dashboard).
        using var ops = path == "/ops/signin" ? new OpsHttp() : await OpsHttp.SignedInAsync(Token);

        using var response = await ops.GetAsync(path, Token);

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(csp, Does.Contain("default-src 'self'").And.Contain("script-src 'self'").And.Contain("frame-ancestors 'none'"));
            Assert.That(csp, Does.Not.Contain("unsafe-inline"));
            Assert.That(response.Headers.GetValues("X-Frame-Options"), Is.EqualTo(new[] { "DENY" }));
            Assert.That(response.Headers.GetValues("Referrer-Policy"), Is.EqualTo(new[] { "no-referrer" }));
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        });
    }
}
