using IvrGateway.BrowserTests.Join;
using IvrGateway.BrowserTests.Portal;
using IvrGateway.Simulator.Calls;
using Microsoft.Playwright;

namespace IvrGateway.BrowserTests.Ops.Dashboard;

/// <summary>The ops call log shows a browser's join (join online) beside the phone calls, marked Web.</summary>
[CancelAfter(90_000)]
public sealed class WebCallLogBrowserTests : PortalTest
{
    [Test]
    public async Task A_browser_join_is_in_the_ops_call_log_with_a_web_badge_beside_a_phone_call_and_its_timeline_says_web()
    {
        var organizer = await DashboardHost.Api.NewOrganizerAsync("Olivia Organizer", Token);
        var contact = await organizer.AddContactAsync("Alice Archer", Token);
        var meeting = await organizer.ScheduleAsync(TimeSpan.FromMinutes(5), new { passcodeMode = "unique" }, [contact.Id], Token);
        var phone = await RefusedPhoneCallAsync();

        // Alice joins from her invitation's page (the Voice SDK replaced by a double); the fake Twilio plays the browser's leg,
        // into the conference and out of it again.
        await VoiceSdkDouble.InstallAsync(Page);
        await PortalBrowser.GotoAsync(Page, new Uri(meeting.Invitations.Single().JoinUrl!).AbsolutePath);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Join from this browser" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "You are in the meeting." })).ToBeVisibleAsync();
        var identity = await VoiceSdkDouble.IdentityAsync(Page);
        var leg = await DashboardHost.Twilio.ConnectBrowserAsync(identity, (await VoiceSdkDouble.ConnectsAsync(Page)).Single()["ticket"], Token);
        Assert.That(leg.Conference?.ParticipantLabel, Is.EqualTo("Alice Archer"), leg.Transcript());

        await SignInToOpsAsync();
        await PortalBrowser.GotoAsync(Page, "/ops/calls?limit=50");
        var web = Page.Locator($"#results tr[data-sid='{leg.CallSid}']");
        var call = Page.Locator($"#results tr[data-sid='{phone}']");
        await Assertions.Expect(web).ToBeVisibleAsync();
        await Assertions.Expect(call).ToBeVisibleAsync();
        await Screens.SaveAsync(Page, "ops-call-log-web-join", "the ops call log: a browser's join marked Web beside a phone call");

        await Assertions.Expect(web.Locator(".channel.web")).ToHaveTextAsync("Web");
        await Assertions.Expect(web.Locator("td").Nth(1)).ToContainTextAsync(identity);
        await Assertions.Expect(web).ToContainTextAsync("bridged");
        await Assertions.Expect(web).ToContainTextAsync("Alice Archer");
        await Assertions.Expect(web).ToContainTextAsync(meeting.Id);
        await Assertions.Expect(call.Locator(".channel")).ToHaveCountAsync(0);

        await PortalBrowser.GotoAsync(Page, "/ops/calls?meetingId=" + meeting.Id);
        await Assertions.Expect(Page.Locator("#results tbody tr")).ToHaveCountAsync(1);
        await web.GetByRole(AriaRole.Link, new() { Name = "timeline" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(leg.CallSid);
        await Assertions.Expect(Page.Locator("section.summary")).ToContainTextAsync("Web (joined from a browser)");
        await Assertions.Expect(Page.Locator("#steps")).ToContainTextAsync("client-join");
        await Assertions.Expect(Page.Locator("#steps")).ToContainTextAsync("left");
        await Screens.SaveAsync(Page, "ops-call-web-join", "a browser's call: caller, Web badge and channel, its client-join step and the conference join and leave");
        Assert.That(ScriptErrors.Where(e => !e.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal)), Is.Empty);
    }

    private async Task SignInToOpsAsync()
    {
        await Page.GotoAsync(new Uri(DashboardHost.BaseUrl, "/ops/signin").ToString());
        await Page.FillAsync("#key", DashboardHost.OpsKey);
        await Page.ClickAsync("button[type=submit]");
        // On commit, not the load event: the live page opens its event stream while loading, which can hold it back.
        await Page.WaitForURLAsync("**/ops", PortalBrowser.Committed);
        await Assertions.Expect(Page.Locator("h1")).ToHaveTextAsync("Live");
    }

    /// <summary>A phone call that types an unissued code three times and is sent away: in the call log at once.</summary>
    private async Task<string> RefusedPhoneCallAsync()
    {
        var sid = Calls.NewCallSid();
        var options = Calls.Options(Calls.NewNumber(), sid, TimeSpan.Zero) with { Fast = true };
        var result = await DashboardHost.Simulator.DialAsync(options, new ScriptedKeypad("0000000000#", "0000000000#", "0000000000#"), null, Token);
        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Refused), result.Transcript());
        return sid;
    }
}
