using System.Net;
using System.Text.RegularExpressions;
using IvrGateway.Testing.Forms;

namespace IvrGateway.EndToEndTests.Support;

/// <summary>
/// An organizer's browser in front of several gateway processes, as behind a load balancer: one cookie jar, so the portal
/// session and antiforgery cookie that one node issued are sent to every node (the nodes share their key ring in Redis).
/// <see cref="On(GatewayProcess)"/> gives the forms of one node.
/// </summary>
internal sealed partial class PortalSession : IDisposable
{
    public const string Password = "correct horse battery staple";

    // Loopback cookies are not told apart by port: every node's client sends the same ones, as one public host would.
    private readonly HttpClientHandler handler = new() { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false };
    private readonly Dictionary<Uri, FormClient> nodes = [];

    private PortalSession()
    {
    }

    /// <summary>The portal of <paramref name="node"/>, with this browser's cookies.</summary>
    public FormClient On(GatewayProcess node) => On(node.BaseUrl);

    /// <summary>
    /// Follows the set-password link of a welcome mail (<paramref name="welcomeText"/>, its text body): sets <see cref="Password"/>
    /// on the node the link names, then signs in through the form on <paramref name="node"/>.
    /// </summary>
    public static async Task<PortalSession> SignInAsync(string welcomeText, string email, GatewayProcess node)
    {
        var link = SetPasswordLink().Match(welcomeText);
        Assert.That(link.Success, Is.True, "the welcome mail carries the set-password link: " + welcomeText);
        var url = new Uri(link.Value);
        var session = new PortalSession();
        try
        {
            var linked = session.On(new Uri(url.GetLeftPart(UriPartial.Authority)));
            var token = Uri.UnescapeDataString(url.Query[(url.Query.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
            using var set = await linked.PostFormAsync(url.PathAndQuery, new() { ["token"] = token, ["password"] = Password, ["confirm"] = Password });
            Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "setting the password through the link: " + await set.Content.ReadAsStringAsync());
            using var signIn = await session.On(node).PostFormAsync("/portal/signin", new() { ["email"] = email, ["password"] = Password });
            Assert.That(signIn.Headers.Location?.OriginalString, Is.EqualTo("/portal"), "signing in");
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var client in nodes.Values)
        {
            client.Dispose();
        }
        handler.Dispose();
    }

    // Generous: on a loaded 2-core machine a page can take seconds; a hung node still fails the test.
    private FormClient On(Uri origin)
    {
        if (!nodes.TryGetValue(origin, out var client))
        {
            client = new FormClient(new HttpClient(handler, disposeHandler: false) { BaseAddress = origin, Timeout = TimeSpan.FromSeconds(60) });
            nodes[origin] = client;
        }
        return client;
    }

    [GeneratedRegex(@"https?://[^\s""<>]+/portal/[^\s""<>]*token=[^\s""<>]+")]
    private static partial Regex SetPasswordLink();
}
