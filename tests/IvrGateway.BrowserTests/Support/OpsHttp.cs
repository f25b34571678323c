using System.Net;
using System.Text.RegularExpressions;

namespace IvrGateway.BrowserTests.Support;

/// <summary>
/// The dashboard over plain HTTP, as a browser without script would use it: cookies kept,
/// redirects not followed (so tests see them), the antiforgery token read from the form.
/// </summary>
internal sealed partial class OpsHttp : IDisposable
{
    private readonly HttpClient http;

    public OpsHttp()
    {
        Cookies = new CookieContainer();
        http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false })
        {
            BaseAddress = DashboardHost.BaseUrl,
            Timeout = TimeSpan.FromSeconds(15),
        };
    }

    public CookieContainer Cookies { get; }

    /// <summary>A client already signed in with the ops key.</summary>
    public static async Task<OpsHttp> SignedInAsync(CancellationToken ct)
    {
        var client = new OpsHttp();
        using var response = await client.SignInAsync(DashboardHost.OpsKey, ct);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signing in with the ops key redirects into the dashboard");
        return client;
    }

    public Task<HttpResponseMessage> GetAsync(string path, CancellationToken ct) => http.GetAsync(path, ct);

    public Task<HttpResponseMessage> GetAsync(string path, HttpCompletionOption completion, CancellationToken ct) => http.GetAsync(path, completion, ct);

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) => http.SendAsync(request, ct);

    /// <summary>Loads the sign-in form (which sets the antiforgery cookie) and posts the key with the form's token.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string key, CancellationToken ct, string path = "/ops/signin")
    {
        var token = await FormTokenAsync("/ops/signin", ct);
        return await PostFormAsync(path, [new("key", key), new("__RequestVerificationToken", token)], ct);
    }

    public Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken ct) =>
        http.PostAsync(path, new FormUrlEncodedContent(fields), ct);

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public async Task<string> FormTokenAsync(string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        var html = await response.Content.ReadAsStringAsync(ct);
        var match = TokenPattern().Match(html);
        Assert.That(match.Success, Is.True, $"{path} has a form with an antiforgery token:{Environment.NewLine}{html}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
