using System.Net;
using System.Text.RegularExpressions;

namespace IvrGateway.IntegrationTests.Portal;

/// <summary>What the settings and address book tests read from pages and send as forms.</summary>
internal static partial class SettingsForms
{
    /// <summary>Uploads a file as the import form does, with the antiforgery token of the import page.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(this PortalClient portal, string path, byte[] content, string fileName = "contacts.csv")
    {
        var html = await portal.GetPageAsync(path);
        var token = WebUtility.HtmlDecode(Antiforgery().Match(html).Groups[1].Value);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(content), "file", fileName },
        };
        return await portal.Http.PostAsync(path, form);
    }

    /// <summary>The text of the element with this id (one line, markup removed).</summary>
    public static string Element(string html, string id)
    {
        var match = Regex.Match(html, $"id=\"{Regex.Escape(id)}\"[^>]*>(.*?)</", RegexOptions.Singleline);
        Assert.That(match.Success, Is.True, $"no element #{id} in the page");
        return WebUtility.HtmlDecode(match.Groups[1].Value).Trim();
    }

    public static async Task<string> HtmlAsync(this HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
