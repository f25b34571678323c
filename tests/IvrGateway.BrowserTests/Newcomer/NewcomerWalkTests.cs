using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using IvrGateway.BrowserTests.Portal;
using Microsoft.Playwright;

namespace IvrGateway.BrowserTests.Newcomer;

/// <summary>
/// A newcomer's first minutes with the run command's demo: a Development gateway with the demo seed and the fake Twilio
/// configured as <c>scripts/run.sh</c> does. From the outbox page to the invitation, its join link, the passcode pop-up and the
/// browser's call (the simulated Voice SDK, played by the fake Twilio) into the roster; and the welcome mail's one-use link.
/// </summary>
[NonParallelizable]
[CancelAfter(180_000)]
public sealed partial class NewcomerWalkTests : PortalTest
{
    private static readonly LocatorAssertionsToContainTextOptions Eventually = new() { Timeout = 30_000 };

    private DemoEnvironment? running;

    protected override ProcessLog? GatewayLog => running?.GatewayLog;

    private DemoEnvironment Demo => running ?? throw new InvalidOperationException("The demo environment did not start.");

    [OneTimeSetUp]
    public async Task StartTheDemoAsync() => running = await DemoEnvironment.StartAsync(DashboardHost.ArtifactsDirectory);

    [OneTimeTearDown]
    public async Task StopTheDemoAsync()
    {
        if (running is not null)
        {
            await running.DisposeAsync();
        }
    }

    private Task GotoAsync(IPage page, string pathAndQuery) => page.GotoAsync(new Uri(Demo.BaseUrl, pathAndQuery).ToString());

    /// <summary>
    /// The outbox page once the mail worker has written every message expected (it sends them one by one, so the
    /// page can be read between two of them; it does not refresh itself).
    /// </summary>
    private async Task OpenTheOutboxAsync(string subject, params string[] recipients)
    {
        await GotoAsync(Page, "/dev/outbox");
        for (var i = 0; i < 60 && !await HasEveryMessageAsync(subject, recipients); i++)
        {
            await Task.Delay(500, Token);
            await Page.ReloadAsync();
        }
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Outbox", Level = 1 })).ToBeVisibleAsync();
    }

    private async Task<bool> HasEveryMessageAsync(string subject, string[] recipients)
    {
        foreach (var recipient in recipients)
        {
            var row = Page.Locator("#messages tbody tr").Filter(new() { HasText = recipient });
            if (await row.GetByRole(AriaRole.Link, new() { Name = subject }).CountAsync() == 0)
            {
                return false;
            }
        }
        return true;
    }

    [Test]
    [Order(1)]
    public async Task A_newcomer_follows_an_invitations_link_from_the_outbox_passes_the_pop_up_joins_from_the_browser_and_appears_in_the_roster()
    {
        var account = await Demo.AccountAsync(Token);
        var meeting = await Demo.MeetingAsync(Token);

        await OpenTheOutboxAsync("Invitation: Demo stand-up", "alice@example.com", "bob@example.com");
        var rows = Page.Locator("#messages tbody tr");
        await Assertions.Expect(rows.Filter(new() { HasText = "alice@example.com" })).ToContainTextAsync("Invitation: Demo stand-up");
        await Assertions.Expect(rows.Filter(new() { HasText = "bob@example.com" })).ToContainTextAsync("Invitation: Demo stand-up");
        await Screens.SaveAsync(Page, "newcomer-1-outbox", "the run command's outbox: the demo meeting's invitations and the welcome mail");

        await rows.Filter(new() { HasText = "alice@example.com" }).GetByRole(AriaRole.Link, new() { Name = "Invitation: Demo stand-up" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Invitation: Demo stand-up");
        var text = await Page.Locator("pre.mail-text").InnerTextAsync();
        await Screens.SaveAsync(Page, "newcomer-2-invitation", "Alice Archer's invitation as she would get it");
        var joinLink = JoinLink().Match(text);
        Assert.That(joinLink.Success, Is.True, $"the invitation carries a join link:\n{text}");
        Assert.That(text, Does.Contain(meeting.SharedPasscode), "the invitation carries the shared passcode");

        await Page.GotoAsync(joinLink.Value);
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Demo stand-up");
        await Assertions.Expect(Page.GetByText("Invited as Alice Archer")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#join-simulated")).ToContainTextAsync("Audio is simulated");
        await Screens.SaveAsync(Page, "newcomer-3-join-page", "the join page from the link: simulated audio, said so");

        var join = Page.GetByRole(AriaRole.Button, new() { Name = "Join from this browser" });
        await join.ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog, new() { Name = "Meeting passcode" });
        var field = dialog.GetByLabel("Passcode");
        await field.FillAsync(Wrong(meeting.SharedPasscode));
        await field.PressAsync("Enter");
        await Assertions.Expect(dialog.Locator("#passcode-error")).ToHaveTextAsync("That passcode is not right. Tries left on this page: 2.");
        await Screens.SaveAsync(Page, "newcomer-4-wrong-passcode", "a wrong passcode in the pop-up: the error");

        await field.FillAsync(meeting.SharedPasscode);
        await field.PressAsync("Enter");
        await Assertions.Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "You are in the meeting." })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Screens.SaveAsync(Page, "newcomer-5-in-the-meeting", "in the meeting from the browser (the fake Twilio plays the call)");

        var inRoster = await WaitForAttendanceAsync(account, meeting.Id, entries => entries.Any(e => e.LeftAt is null));
        Assert.That(inRoster.Select(e => (e.DisplayName, e.Channel, e.LeftAt)), Is.EqualTo(new[] { ("Alice Archer", (string?)"web", (DateTimeOffset?)null) }),
            "the attendance shows the invitee by name, marked web");

        // The organizer's live roster, in a second tab signed in as the demo organizer.
        var organizerPage = await Page.Context.NewPageAsync();
        await GotoAsync(organizerPage, "/portal/signin");
        await organizerPage.GetByLabel("Email").FillAsync(account.Email);
        await organizerPage.GetByLabel("Password", new() { Exact = true }).FillAsync(account.Password);
        await organizerPage.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await organizerPage.WaitForURLAsync(new Regex("/portal$"), PortalBrowser.Committed);
        await GotoAsync(organizerPage, $"/portal/meetings/{meeting.Id}/live");
        var aliceRow = organizerPage.Locator("#live-roster tr[data-label='Alice Archer']");
        await Assertions.Expect(aliceRow).ToContainTextAsync("Browser", Eventually);
        await Screens.SaveAsync(organizerPage, "newcomer-6-live-roster", "the organizer's live roster: Alice Archer, joined by browser");

        await Page.BringToFrontAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Leave" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "You left the meeting." })).ToBeVisibleAsync();
        await Screens.SaveAsync(Page, "newcomer-7-left", "hung up from the page");

        var left = await WaitForAttendanceAsync(account, meeting.Id, entries => entries.All(e => e.LeftAt is not null));
        await Assertions.Expect(aliceRow).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Screens.SaveAsync(organizerPage, "newcomer-8-roster-after-leaving", "the live roster once Alice hung up");
        Assert.Multiple(() =>
        {
            Assert.That(left.Single().LeftAt, Is.Not.Null, "the attendance records her leaving");
            Assert.That(PageErrors, Is.Empty);
        });
    }

    [Test]
    [Order(2)]
    public async Task The_welcome_mails_link_from_the_outbox_sets_the_password_once_and_then_says_it_was_used()
    {
        var account = await Demo.AccountAsync(Token);
        await OpenTheOutboxAsync("Welcome to IvrGateway: set your password", account.Email);
        await Page.Locator("#messages tbody tr").Filter(new() { HasText = account.Email })
            .GetByRole(AriaRole.Link, new() { Name = "Welcome to IvrGateway: set your password" }).ClickAsync();
        var text = await Page.Locator("pre.mail-text").InnerTextAsync();
        await Screens.SaveAsync(Page, "newcomer-welcome-1-mail", "the demo organizer's welcome mail");
        var link = SetPasswordLink().Match(text);
        Assert.That(link.Success, Is.True, $"the welcome mail carries a set-password link:\n{text}");

        await Page.GotoAsync(link.Value);
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Set your password" })).ToBeVisibleAsync();
        await Screens.SaveAsync(Page, "newcomer-welcome-2-set-password", "the portal's set-password page from the link");
        const string password = "a newcomer's own passphrase";
        await Page.GetByLabel("New password").FillAsync(password);
        await Page.GetByLabel("Confirm password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Page.WaitForURLAsync("**/portal/signin", PortalBrowser.Committed);
        await Page.GetByLabel("Email").FillAsync(account.Email);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Page.WaitForURLAsync(new Regex("/portal$"), PortalBrowser.Committed);
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Today's calls");
        await Screens.SaveAsync(Page, "newcomer-welcome-3-signed-in", "signed in with the password set through the link");

        await Page.GotoAsync(link.Value);
        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(new Regex("This link has expired or was already used"));
        await Assertions.Expect(Page.GetByLabel("New password")).ToHaveCountAsync(0);
        await Screens.SaveAsync(Page, "newcomer-welcome-4-link-used", "the same link a second time: used");
        Assert.That(PageErrors, Is.Empty);
    }

    /// <summary>Script errors and policy violations; a refusal's 4xx (which Chromium logs as a failed resource) is the page working.</summary>
    private List<string> PageErrors => ScriptErrors.Where(e => !e.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal)).ToList();

    /// <summary>The same length, every digit moved on by one: never the passcode.</summary>
    private static string Wrong(string passcode) =>
        string.Concat(passcode.Select(c => (char)('0' + (c - '0' + 1) % 10)));

    private async Task<List<AttendanceEntry>> WaitForAttendanceAsync(DemoAccount account, string meetingId, Func<List<AttendanceEntry>, bool> done)
    {
        using var http = new HttpClient { BaseAddress = Demo.BaseUrl, Timeout = TimeSpan.FromSeconds(15) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account.ApiKey);
        var entries = new List<AttendanceEntry>();
        for (var i = 0; i < 120; i++)
        {
            entries = (await http.GetFromJsonAsync<List<AttendanceEntry>>($"/api/v1/conferences/{meetingId}/attendance", new JsonSerializerOptions(JsonSerializerDefaults.Web), Token))!;
            if (entries.Count > 0 && done(entries))
            {
                return entries;
            }
            await Task.Delay(250, Token);
        }
        Assert.Fail($"The attendance did not get there: {string.Join("; ", entries.Select(e => $"{e.DisplayName} {e.Channel} left {e.LeftAt?.ToString("O", CultureInfo.InvariantCulture)}"))}");
        return entries;
    }

    [GeneratedRegex(@"https?://\S+/join/[A-Za-z0-9_-]{20,}(?=\s|$)")]
    private static partial Regex JoinLink();

    [GeneratedRegex(@"https?://\S+/portal/password/set\?token=\S+")]
    private static partial Regex SetPasswordLink();
}
