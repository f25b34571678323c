using System.Net;
using IvrGateway.Testing.Forms;

namespace IvrGateway.IntegrationTests.Support;

/// <summary>
/// The organizer's browser, in process: it keeps the portal's cookies, sets the password through the link and signs in
/// through the form, and posts forms with the antiforgery token a page gave it, as a browser does (<see cref="FormClient"/>).
/// </summary>
public sealed class PortalClient(HttpClient http) : FormClient(http)
{
    public const string Password = "correct horse battery staple";

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
}
