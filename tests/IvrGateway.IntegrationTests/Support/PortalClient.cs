using System.Net;
using System.Text.RegularExpressions;

namespace IvrGateway.IntegrationTests.Support;

/// <summary>
/// The organizer's browser, in process: it keeps the portal's cookies, sets the password through the link and signs in
/// through the form, and posts forms with the antiforgery token a page gave it, as a browser does.
/// </summary>
public sealed partial class PortalClient(HttpClient http) : IDisposable
{
    public const string Password = "correct horse battery staple";

    public HttpClient Http => http;

    /// <summary>A client signed in as <paramref name="organizer"/>, who first sets <see cref="Password"/> through the account's link.</summary>
    public static async Task<PortalClient> SignInAsync(IvrApplication app, TestOrganizer organizer)
    {
        var client = Anonymous(app);
        var link = new Uri(organizer.Account.SetPasswordUrl).PathAndQuery;
        var token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        using var set = await client.PostFormAsync(link, new() { ["token"] = token, ["password"] = Password, ["confirm"] = Password });
        Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "setting the password through the link");
        using var signIn = await client.PostFormAsync("/portal/signin", new() { ["email"] = organizer.Account.Email, ["password"] = Password });
        Assert.That(signIn.Headers.Location?.OriginalString, Is.EqualTo("/portal"), "signing in");
        return client;
    }

    /// <summary>A browser with no session. https, as the test gateway's public URL is: its cookies are Secure.</summary>
    public static PortalClient Anonymous(IvrApplication app, bool handleCookies = true) =>
        new(app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = handleCookies, BaseAddress = new Uri("https://localhost") }));

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(path);

    public async Task<string> GetPageAsync(string path)
    {
        using var response = await http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"GET {path}: {html}");
        return html;
    }

    /// <summary>Posts a form the way the page at <paramref name="formPage"/> (default: the same path) would, antiforgery token included.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields, string? formPage = null)
    {
        using var page = await http.GetAsync(formPage ?? path);
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(html);
        var form = new Dictionary<string, string>(fields);
        if (token.Success)
        {
            form["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        }
        return await http.PostAsync(path, new FormUrlEncodedContent(form));
    }

    /// <summary>Posts a form without any antiforgery token, as a forged cross-site form would.</summary>
    public Task<HttpResponseMessage> PostFormWithoutTokenAsync(string path, Dictionary<string, string> fields) =>
        http.PostAsync(path, new FormUrlEncodedContent(fields));

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
