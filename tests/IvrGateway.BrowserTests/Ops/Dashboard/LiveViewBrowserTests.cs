using System.Diagnostics;
using IvrGateway.Simulator.Calls;
using Microsoft.Playwright;

namespace IvrGateway.BrowserTests.Ops.Dashboard;

/// <summary>The dashboard in a real browser: sign in, watch a call arrive live, open its timeline.</summary>
[CancelAfter(90_000)]
public sealed class LiveViewBrowserTests : DashboardTest
{
    /// <summary>What the product promises ops: a new call is on the live view within 2 seconds.</summary>
    private static readonly TimeSpan Promised = TimeSpan.FromSeconds(2);

    private Chromium? browser;

    [SetUp]
    public async Task LaunchAsync() => browser = await Chromium.LaunchAsync();

    [TearDown]
    public async Task CloseAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }
    }

    [Test]
    public async Task A_new_call_appears_on_the_live_view_within_two_seconds_without_a_reload_and_its_timeline_opens()
    {
        var meeting = await Calls.OpenMeetingAsync("Lena Live", Token);
        var page = browser!.Context.Pages.FirstOrDefault() ?? await browser.Context.NewPageAsync();
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                scriptErrors.Add(message.Text);
            }
        };

        await SignInAsync(page);
        await Assertions.Expect(page.Locator("#live-status")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\blive\b"));
        var navigations = 0;
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame)
            {
                navigations++;
            }
        };
        // A reload would lose this: the row must come from the event stream, not a new page.
        await page.EvaluateAsync("() => { window.opsTestMarker = 'same page'; }");

        var from = Calls.NewNumber();
        var sid = Calls.NewCallSid();
        var watcher = new CallWatcher();
        // In the conference for longer than the checks of its conference row can take on a loaded machine (10 s left little room).
        var call = DashboardHost.Simulator.DialAsync(Calls.Options(from, sid, TimeSpan.FromSeconds(30)), Calls.Participant(meeting), watcher, Token);
        if (await Task.WhenAny(watcher.Answered, call) == call)
        {
            Assert.Fail("The call ended before the gateway answered it: " + (await call).Transcript());
        }
        var sinceAnswered = Stopwatch.StartNew();
        var row = page.Locator($"#calls tr[data-sid='{sid}']");
        await row.WaitForAsync(new() { Timeout = 10_000 });
        var appearedAfter = sinceAnswered.Elapsed;
        TestContext.Out.WriteLine($"The call was on the live view {appearedAfter.TotalMilliseconds:0} ms after the gateway answered it.");

        Assert.Multiple(() =>
        {
            Assert.That(appearedAfter, Is.LessThanOrEqualTo(Promised), "a new call is on the live view within 2 seconds");
            Assert.That(navigations, Is.Zero, "the page did not navigate");
            Assert.That(page.Url, Does.EndWith("/ops"));
        });
        Assert.That(await page.EvaluateAsync<string?>("() => window.opsTestMarker"), Is.EqualTo("same page"), "the page was not reloaded");
        await Assertions.Expect(row).ToContainTextAsync(from);

        // The caller joins the conference: the row says so and the conference lists them under their label.
        await watcher.Joined.WaitAsync(TimeSpan.FromSeconds(10), Token);
        await Assertions.Expect(row).ToContainTextAsync("in conference");
        var label = await row.Locator("td").Nth(4).InnerTextAsync();
        Assert.That(label, Is.Not.Empty, "the participant's label");
        await Assertions.Expect(page.Locator($"#conferences tr[data-sid='{sid}']")).ToContainTextAsync(label);
        await Assertions.Expect(page.Locator("#conferences")).ToContainTextAsync(meeting.Id);
        Assert.That(await page.Locator("#calls time").First.InnerTextAsync(), Does.Not.Contain("UTC"), "times are shown in the browser's zone");
        await ScreenshotAsync(page, "live-view.png", "the live view with the call in a conference");

        await row.Locator("a").First.ClickAsync();
        await page.WaitForURLAsync($"**/ops/calls/{sid}", PortalBrowser.Committed);
        var steps = page.Locator("#steps tbody tr");
        await Assertions.Expect(steps.First).ToBeVisibleAsync();
        var stepNames = await page.Locator("#steps tbody tr td:nth-child(2)").AllInnerTextsAsync();
        Assert.That(stepNames, Is.SupersetOf(new[] { "incoming", "accessCode", "organizerOffer" }), "the call's steps");
        await Assertions.Expect(page.Locator("section.summary")).ToContainTextAsync(from);
        await Assertions.Expect(page.Locator("section.summary")).ToContainTextAsync(label);
        await ScreenshotAsync(page, "call-timeline.png", "the call's timeline");

        var result = await call;
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Bridged), result.Transcript());
            Assert.That(scriptErrors, Is.Empty, "no script errors (a Content-Security-Policy violation would show here)");
        });
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync(new Uri(DashboardHost.BaseUrl, "/ops").ToString());
        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/ops/signin"), "without a session the dashboard asks to sign in");
        await page.FillAsync("#key", DashboardHost.OpsKey);
        await page.ClickAsync("button[type=submit]");
        // On commit, not the load event: the live page opens its event stream while loading, which can hold it back.
        await page.WaitForURLAsync("**/ops", PortalBrowser.Committed);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Live");
    }

    private static async Task ScreenshotAsync(IPage page, string name, string description)
    {
        var directory = Path.Combine(DashboardHost.ArtifactsDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, description);
    }
}
