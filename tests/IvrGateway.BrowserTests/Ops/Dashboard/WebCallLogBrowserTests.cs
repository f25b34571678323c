using IvrGateway.BrowserTests.Join;
using IvrGateway.BrowserTests.Portal;
using IvrGateway.Simulator.Calls;
using Microsoft.Playwright;

namespace IvrGateway.BrowserTests.Ops.Dashboard;

/// <summary>
/// The ops dashboard shows a browser's join (join online) beside the phone calls, marked Web and named by the invitee's name it
/// was admitted under (its opaque identity kept in a title and on the call's page).
/// </summary>
[CancelAfter(90_000)]
public sealed class WebCallLogBrowserTests : PortalTest
{
    [Test]
    public async Task A_browser_join_is_on_the_live_view_and_in_the_ops_call_log_under_the_invitees_name_with_a_web_badge_and_its_timeline_says_web()
    {
        var organizer = await DashboardHost.Api.NewOrganizerAsync("Olivia Organizer", Token);
        var contact = await organizer.AddContactAsync("Alice Archer", Token);
        var meeting = await organizer.ScheduleAsync(TimeSpan.FromMinutes(5), new { passcodeMode = "unique" }, [contact.Id], Token);
        var phone = await RefusedPhoneCallAsync();

        // Alice joins from her invitation's page (the Voice SDK replaced by a double); the fake Twilio plays the browser's leg,
        // into the conference (in real time, so ops can watch it there) and out of it again.
        await VoiceSdkDouble.InstallAsync(Page);
        await PortalBrowser.GotoAsync(Page, new Uri(meeting.Invitations.Single().JoinUrl!).AbsolutePath);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Join from this browser" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "You are in the meeting." })).ToBeVisibleAsync();
        var identity = await VoiceSdkDouble.IdentityAsync(Page);
        var ticket = (await VoiceSdkDouble.ConnectsAsync(Page)).Single()["ticket"];
        var legSid = Calls.NewCallSid();
        var watcher = new CallWatcher();
        var options = BrowserCalls.Options(DashboardHost.BaseUrl, DashboardHost.Gateway.Secrets.AuthToken, identity, ticket)
            with { CallSid = legSid, StayInConference = TimeSpan.FromSeconds(12), Fast = false };
        var playing = DashboardHost.Simulator.DialAsync(options, new ScriptedKeypad([]), watcher, Token);
        if (await Task.WhenAny(watcher.Joined, playing) == playing)
        {
            Assert.Fail("The browser's leg ended before it joined the conference: " + (await playing).Transcript());
        }

        // The live view, while Alice is in the conference: her name with the Web badge, never the browser's identity as the name.
        await SignInToOpsAsync();
        var liveRow = Page.Locator($"#calls tr[data-sid='{legSid}']");
        var participant = Page.Locator($"#conferences tr[data-sid='{legSid}']");
        await Assertions.Expect(liveRow).ToContainTextAsync("in conference");
        await Assertions.Expect(liveRow.Locator("td").First).ToContainTextAsync("Alice Archer");
        await Assertions.Expect(liveRow.Locator("td").First).Not.ToContainTextAsync(identity);
        await Assertions.Expect(liveRow.Locator("td a").First).ToHaveAttributeAsync("title", "Browser identity " + identity);
        await Assertions.Expect(liveRow.Locator(".channel.web")).ToHaveTextAsync("Web");
        await Assertions.Expect(participant.Locator("td").First).ToHaveTextAsync("Alice Archer");
        await Assertions.Expect(participant.Locator("td").Nth(1)).ToHaveTextAsync("Web");
        await Assertions.Expect(participant.Locator("td").Nth(1)).ToHaveAttributeAsync("title", "Browser identity " + identity);
        await Screens.SaveAsync(Page, "ops-live-web-join", "the live view: Alice in the conference from a browser, by her name with the Web badge");

        var leg = await playing;
        Assert.That(leg.Conference?.ParticipantLabel, Is.EqualTo("Alice Archer"), leg.Transcript());
        Assert.That(leg.CallSid, Is.EqualTo(legSid));
        await PortalBrowser.GotoAsync(Page, "/ops/calls?limit=50");
        var web = Page.Locator($"#results tr[data-sid='{leg.CallSid}']");
        var call = Page.Locator($"#results tr[data-sid='{phone}']");
        await Assertions.Expect(web).ToBeVisibleAsync();
        await Assertions.Expect(call).ToBeVisibleAsync();
        await Screens.SaveAsync(Page, "ops-call-log-web-join", "the ops call log: a browser's join marked Web beside a phone call");

        await Assertions.Expect(web.Locator(".channel.web")).ToHaveTextAsync("Web");
        await Assertions.Expect(web.Locator("td").Nth(1)).ToContainTextAsync("Alice Archer");
        await Assertions.Expect(web.Locator("td").Nth(1)).Not.ToContainTextAsync(identity);
        await Assertions.Expect(web.Locator("td").Nth(1).Locator("a")).ToHaveAttributeAsync("title", "Browser identity " + identity);
        await Assertions.Expect(web).ToContainTextAsync("bridged");
        await Assertions.Expect(web).ToContainTextAsync("Alice Archer");
        await Assertions.Expect(web).ToContainTextAsync(meeting.Id);
        await Assertions.Expect(call.Locator(".channel")).ToHaveCountAsync(0);

        await PortalBrowser.GotoAsync(Page, "/ops/calls?meetingId=" + meeting.Id);
        await Assertions.Expect(Page.Locator("#results tbody tr")).ToHaveCountAsync(1);
        await web.GetByRole(AriaRole.Link, new() { Name = "timeline" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(leg.CallSid);
        await Assertions.Expect(Page.Locator("section.summary")).ToContainTextAsync("Web (joined from a browser)");
        var caller = Page.Locator("section.summary dd").First;
        await Assertions.Expect(caller.Locator("a")).ToHaveTextAsync("Alice Archer");
        await Assertions.Expect(caller.Locator(".identity")).ToHaveTextAsync("Browser identity " + identity);
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
