using System.Net;
using System.Text.RegularExpressions;

namespace IvrGateway.Testing.Forms;

/// <summary>
/// A browser's way with server-rendered forms, over an <see cref="HttpClient"/> that keeps cookies: it reads the antiforgery
/// token from the page that shows a form and posts the form with it. The same for the in-process test server and for a
/// gateway process; how a client signs in is its subclass's business.
/// </summary>
public partial class FormClient(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

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
        var form = new Dictionary<string, string>(fields);
        if (await AntiforgeryTokenAsync(formPage ?? path) is { } token)
        {
            form["__RequestVerificationToken"] = token;
        }
        return await http.PostAsync(path, new FormUrlEncodedContent(form));
    }

    /// <summary>Posts a form whose fields may repeat (a checkbox list), antiforgery token from the page at <paramref name="formPage"/>.</summary>
    public async Task<HttpResponseMessage> PostFieldsAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string formPage)
    {
        var form = fields.ToList();
        if (await AntiforgeryTokenAsync(formPage) is { } token)
        {
            form.Add(new("__RequestVerificationToken", token));
        }
        return await http.PostAsync(path, new FormUrlEncodedContent(form));
    }

    /// <summary>Posts a form without any antiforgery token, as a forged cross-site form would.</summary>
    public Task<HttpResponseMessage> PostFormWithoutTokenAsync(string path, Dictionary<string, string> fields) =>
        http.PostAsync(path, new FormUrlEncodedContent(fields));

    public void Dispose()
    {
        http.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The token of the first form on the page, as its hidden field carries it; null when the page has no form.</summary>
    private async Task<string?> AntiforgeryTokenAsync(string formPage)
    {
        using var page = await http.GetAsync(formPage);
        var token = AntiforgeryField().Match(await page.Content.ReadAsStringAsync());
        return token.Success ? WebUtility.HtmlDecode(token.Groups[1].Value) : null;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
