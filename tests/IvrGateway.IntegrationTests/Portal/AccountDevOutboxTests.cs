using System.Net;
using System.Text.RegularExpressions;
using IvrGateway.IntegrationTests.Mail;

namespace IvrGateway.IntegrationTests.Portal;

/// <summary>
/// The Development outbox page (<c>/dev/outbox</c>) shows a new organizer's welcome and its link sets the password. In
/// process, in Development: the browser tests' gateway runs in Staging, where the page is not mapped.
/// </summary>
public sealed partial class AccountDevOutboxTests
{
    private string folder = null!;

    [SetUp]
    public void MakeFolder() => folder = Directory.CreateTempSubdirectory("ivr-account-outbox-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public async Task The_dev_outbox_lists_the_welcome_and_shows_its_link_which_sets_the_password_once()
    {
        using var app = new IvrApplication(new() { ["Mail:OutboxDirectory"] = folder, ["Mail:Outbox:PollSeconds"] = "3600" }) { Environment = "Development" };
        var organizer = await app.NewOrganizerAsync("Wilma Welcome");
        await app.DispatchAsync();
        using var browser = PortalClient.Anonymous(app);

        var list = await browser.GetPageAsync("/dev/outbox");
        var href = WebUtility.HtmlDecode(MessageLink().Match(list).Groups[1].Value);
        var message = WebUtility.HtmlDecode(await browser.GetPageAsync(href));
        var link = new Uri(organizer.Account.SetPasswordUrl).PathAndQuery;
        var token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        using var set = await browser.PostFormAsync(link, new() { ["token"] = token, ["password"] = PortalClient.Password, ["confirm"] = PortalClient.Password });

        Assert.Multiple(() =>
        {
            Assert.That(list, Does.Contain(organizer.Account.Email));
            Assert.That(list, Does.Contain("Welcome to IvrGateway: set your password"));
            Assert.That(message, Does.Contain(organizer.Account.SetPasswordUrl), "the text part carries the link the API answered");
            Assert.That(message, Does.Contain("Set your password"));
            Assert.That(message, Does.Not.Contain(organizer.Account.ApiKey).And.Not.Contain(organizer.Account.HostPin));
            Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the mailed link sets the password");
        });
    }

    [GeneratedRegex("<a href=\"(/dev/outbox/[^\"]+)\">Welcome to IvrGateway")]
    private static partial Regex MessageLink();
}
