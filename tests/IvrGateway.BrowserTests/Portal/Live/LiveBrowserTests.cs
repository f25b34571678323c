using IvrGateway.Simulator.Calls;
using Microsoft.Playwright;

namespace IvrGateway.BrowserTests.Portal.Live;

/// <summary>
/// A meeting while it runs, in Chromium against the gateway process, with Twilio's REST API faked in-process by the same
/// simulator that plays the phone callers: Start, Call me, the live roster and the host controls.
/// </summary>
[CancelAfter(120_000)]
public sealed class LiveBrowserTests : PortalTest
{
    // The machine is shared and busy: a page after a POST, or a roster change, may take a while.
    private static readonly LocatorAssertionsToContainTextOptions Eventually = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToHaveTextOptions EventuallyExactly = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToHaveCountOptions EventuallyCounted = new() { Timeout = 30_000 };

    [Test]
    public async Task Start_then_Call_me_rings_the_organizer_who_presses_1_and_the_roster_shows_them_as_host()
    {
        var organizer = await PortalBrowser.SignInNewOrganizerAsync(Page, "Hannah Host", Token);
        await LiveWhereTheStartIsTodayAsync(organizer, TimeSpan.FromMinutes(20));
        // 20 minutes ahead: its code opens in 5 minutes unless Start opens it now.
        var meeting = await organizer.ScheduleAsync(TimeSpan.FromMinutes(20), new { passcodeMode = "none" }, [], Token);
        await PortalBrowser.GotoAsync(Page, $"/portal/meetings/{meeting.Id}/live");
        await Assertions.Expect(Page.Locator("#meeting-state")).ToContainTextAsync("Start opens it now", Eventually);
        await Screens.SaveAsync(Page, "live-before-start", "the Live page of a meeting later today, before Start");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("The meeting is open", Eventually);
        await Assertions.Expect(Page.Locator("#meeting-state")).ToContainTextAsync("Open now", Eventually);
        var phone = Calls.NewNumber();
        await Page.GetByLabel("Phone number to call").FillAsync(phone);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Call me" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Calling your phone now", Eventually);

        // No reload: live.js brings the host in when the fake Twilio's call has pressed 1 and joined.
        var host = Page.Locator("#live-roster tbody tr", new() { HasText = "Hannah Host" });
        await Assertions.Expect(host).ToContainTextAsync("Host", Eventually);
        await Assertions.Expect(host).ToContainTextAsync("Phone", Eventually);
        await Screens.SaveAsync(Page, "live-call-me-host", "after Call me: the organizer, called by the fake Twilio, is in as host");

        var placed = DashboardHost.RestApi.PlacedCalls.Single(c => c.To == phone);
        var hostSid = await host.GetAttributeAsync("data-sid");
        Assert.Multiple(() =>
        {
            Assert.That(placed.From, Is.EqualTo(GatewayProcess.DialInNumber));
            Assert.That(hostSid, Is.EqualTo(placed.Sid), "the roster's host is the call Call me placed");
            Assert.That(ScriptErrors, Is.Empty);
        });
    }

    [Test]
    public async Task Two_callers_on_one_unique_passcode_show_as_Alice_Archer_and_Alice_Archer_2_and_the_host_mutes_removes_locks_and_ends()
    {
        Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        var organizer = await PortalBrowser.SignInNewOrganizerAsync(Page, "Rita Roster", Token);
        var alice = await organizer.AddContactAsync("Alice Archer", Token);
        var meeting = await organizer.ScheduleAsync(TimeSpan.FromMinutes(5), new { passcodeMode = "unique" }, [alice.Id], Token);
        var passcode = meeting.PasscodeOf("Alice Archer");
        var first = Dial(meeting, passcode);
        var second = Dial(meeting, passcode);

        await PortalBrowser.GotoAsync(Page, $"/portal/meetings/{meeting.Id}/live");
        var rows = Page.Locator("#live-roster tbody tr");
        await Assertions.Expect(Page.Locator("#live-roster")).ToContainTextAsync("Alice Archer (2)", Eventually);
        await Assertions.Expect(rows).ToHaveCountAsync(2, EventuallyCounted);
        await Assertions.Expect(Page.Locator("#live-roster tr[data-label='Alice Archer']")).ToHaveCountAsync(1, EventuallyCounted);
        await Screens.SaveAsync(Page, "live-roster-two-alices", "two callers on Alice Archer's passcode");

        var aliceSid = await Page.Locator("#live-roster tr[data-label='Alice Archer']").GetAttributeAsync("data-sid");
        var copySid = await Page.Locator("#live-roster tr[data-label='Alice Archer (2)']").GetAttributeAsync("data-sid");
        Assert.That(new[] { aliceSid, copySid }, Is.EquivalentTo(new[] { first.Sid, second.Sid }));

        await Page.GetByRole(AriaRole.Button, new() { Name = "Mute Alice Archer", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Alice Archer is muted.", EventuallyExactly);
        await Assertions.Expect(Page.Locator("#live-roster tr[data-label='Alice Archer']")).ToContainTextAsync("Muted", Eventually);
        using var probe = DashboardHost.RestProbe();
        var conference = (await probe.ConferencesAsync("meeting-" + meeting.Id)).Single(c => c.Status != "completed");
        var atTwilio = await probe.ParticipantsAsync(conference.Sid);
        Assert.That(atTwilio.Single(p => p.CallSid == aliceSid).Muted, Is.True, "muted at Twilio");
        Assert.That(atTwilio.Single(p => p.CallSid == copySid).Muted, Is.False);
        await Screens.SaveAsync(Page, "live-roster-muted", "Alice Archer muted by the host");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Remove Alice Archer (2)", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Alice Archer (2) was removed from the meeting.", EventuallyExactly);
        await Assertions.Expect(rows).ToHaveCountAsync(1, EventuallyCounted);
        Assert.That((await probe.ParticipantsAsync(conference.Sid)).Select(p => p.CallSid), Is.EqualTo(new[] { aliceSid }), "removed at Twilio");
        await Screens.SaveAsync(Page, "live-roster-removed", "Alice Archer (2) removed");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Lock the meeting" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("The meeting is locked", Eventually);
        await Assertions.Expect(Page.Locator("#live-roster")).ToContainTextAsync("Locked to new callers", Eventually);
        var refused = await DashboardHost.Simulator.DialAsync(Calls.Options(Calls.NewNumber(), Calls.NewCallSid(), TimeSpan.FromSeconds(1)) with { Fast = true },
            new ScriptedKeypad(meeting.AccessCode + "#", passcode + "#"), cancellationToken: Token);
        Assert.That(refused.Conference, Is.Null, "a locked meeting admits no new caller");
        Assert.That(refused.Heard.Last(), Does.Contain("locked this meeting"));
        await Screens.SaveAsync(Page, "live-locked", "the meeting locked to new callers");

        await Page.GetByRole(AriaRole.Button, new() { Name = "End for everyone" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("The meeting has ended for everyone", Eventually);
        await Assertions.Expect(Page.Locator("#live-roster")).ToContainTextAsync("The meeting has ended", Eventually);
        await Assertions.Expect(rows).ToHaveCountAsync(0, EventuallyCounted);
        Assert.That((await probe.ConferencesAsync("meeting-" + meeting.Id)).Select(c => c.Status), Is.All.EqualTo("completed"), "ended at Twilio");
        await Screens.SaveAsync(Page, "live-ended", "the meeting ended for everyone");
        Assert.That(ScriptErrors, Is.Empty);
    }

    [Test]
    public async Task The_live_page_works_without_JavaScript_every_control_being_a_form()
    {
        // No script reaches the page: the server-rendered roster and the forms must do everything.
        await Page.Context.RouteAsync("**/*.js", route => route.AbortAsync());
        var page = Page;
        var organizer = await PortalBrowser.SignInNewOrganizerAsync(page, "Nora Noscript", Token);
        var meeting = await organizer.ScheduleAsync(TimeSpan.FromMinutes(5), new { passcodeMode = "none" }, [], Token);
        var caller = DashboardHost.Simulator.Start(Calls.Options(Calls.NewNumber(), Calls.NewCallSid(), TimeSpan.FromMinutes(2)),
            new ScriptedKeypad(meeting.AccessCode + "#", "-"));
        var rows = page.Locator("#live-roster tbody tr");
        for (var tries = 0; tries < 40 && await rows.CountAsync() == 0; tries++)
        {
            await PortalBrowser.GotoAsync(page, $"/portal/meetings/{meeting.Id}/live");
            if (await rows.CountAsync() == 0)
            {
                await Task.Delay(500, Token);
            }
        }
        await Assertions.Expect(rows).ToHaveCountAsync(1, EventuallyCounted);

        await page.GetByRole(AriaRole.Button, new() { Name = "Lock the meeting" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The meeting is locked", Eventually);
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove Caller " + caller.From[^4..] }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("was removed from the meeting", Eventually);
        await Screens.SaveAsync(page, "live-without-javascript", "the Live page with JavaScript off, after lock and remove");
    }

    [Test]
    public async Task The_roster_stops_asking_the_gateway_once_the_meeting_has_ended_and_says_so()
    {
        Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        var organizer = await PortalBrowser.SignInNewOrganizerAsync(Page, "Enzo Ender", Token);
        var meeting = await organizer.ScheduleAsync(TimeSpan.FromMinutes(5), new { passcodeMode = "none" }, [], Token);
        _ = DashboardHost.Simulator.Start(Calls.Options(Calls.NewNumber(), Calls.NewCallSid(), TimeSpan.FromMinutes(2)),
            new ScriptedKeypad(meeting.AccessCode + "#", "-"));
        var polls = 0;
        Page.Request += (_, request) =>
        {
            if (request.Url.Contains("handler=Roster", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref polls);
            }
        };
        await PortalBrowser.GotoAsync(Page, $"/portal/meetings/{meeting.Id}/live");
        await Assertions.Expect(Page.Locator("#live-roster tbody tr")).ToHaveCountAsync(1, EventuallyCounted);
        for (var waited = 0; waited < 300 && Volatile.Read(ref polls) == 0; waited++)
        {
            await Task.Delay(100, Token);
        }
        Assert.That(Volatile.Read(ref polls), Is.GreaterThan(0), "the roster is polled while the meeting runs");

        // The host ends the meeting from another tab: this one learns it from its next poll, not from a reload.
        var other = await Page.Context.NewPageAsync();
        other.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await PortalBrowser.GotoAsync(other, $"/portal/meetings/{meeting.Id}/live");
        await other.GetByRole(AriaRole.Button, new() { Name = "End for everyone" }).ClickAsync();
        await Assertions.Expect(other.GetByRole(AriaRole.Status)).ToContainTextAsync("The meeting has ended for everyone", Eventually);
        await other.CloseAsync();

        await Assertions.Expect(Page.Locator("#roster-over")).ToContainTextAsync("The meeting has ended.", Eventually);
        await Assertions.Expect(Page.Locator("#roster-announce")).ToHaveTextAsync("The meeting has ended.", EventuallyExactly);
        await Assertions.Expect(Page.Locator("#end-button")).ToHaveCountAsync(0, EventuallyCounted);
        await Assertions.Expect(Page.Locator("#meeting-state")).ToHaveTextAsync("The meeting has ended.", EventuallyExactly);
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Call me" })).ToBeHiddenAsync();
        var atEnd = Volatile.Read(ref polls);
        await Task.Delay(TimeSpan.FromSeconds(7), Token);
        await Screens.SaveAsync(Page, "live-ended-polling-stopped", "the Live page after the meeting was ended in another tab: it says so and stops polling");

        Assert.Multiple(() =>
        {
            Assert.That(Volatile.Read(ref polls), Is.EqualTo(atEnd), "no roster request after the panel said the meeting is over (3 at least, polling every 2 s)");
            Assert.That(ScriptErrors, Is.Empty);
        });
    }

    [Test]
    public async Task A_failing_roster_poll_is_retried_later_each_time_and_the_page_says_updates_are_interrupted()
    {
        var organizer = await PortalBrowser.SignInNewOrganizerAsync(Page, "Bea Backoff", Token);
        var meeting = await organizer.ScheduleAsync(TimeSpan.FromMinutes(5), new { passcodeMode = "none" }, [], Token);
        var polls = new List<DateTimeOffset>();
        Page.Request += (_, request) =>
        {
            if (request.Url.Contains("handler=Roster", StringComparison.Ordinal))
            {
                lock (polls)
                {
                    polls.Add(TimeProvider.System.GetUtcNow());
                }
            }
        };
        // The network fails every roster request, as when the gateway is down or the laptop offline.
        await Page.RouteAsync(url => url.Contains("handler=Roster", StringComparison.Ordinal), route => route.AbortAsync("internetdisconnected"));
        await PortalBrowser.GotoAsync(Page, $"/portal/meetings/{meeting.Id}/live");
        await Assertions.Expect(Page.Locator("[data-live-status]")).ToContainTextAsync("updates interrupted, retrying", Eventually);
        await Assertions.Expect(Page.Locator("#roster-announce")).ToHaveTextAsync("Live updates are interrupted; retrying.", EventuallyExactly);
        await Task.Delay(TimeSpan.FromSeconds(12), Token);
        await Screens.SaveAsync(Page, "live-polling-interrupted", "the Live page while every roster poll fails: it says so and asks less and less often");
        List<DateTimeOffset> failed;
        lock (polls)
        {
            failed = [.. polls];
        }
        var gaps = failed.Zip(failed.Skip(1), (a, b) => b - a).ToList();

        await Page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.Wait });
        await Assertions.Expect(Page.Locator("[data-live-status]")).Not.ToContainTextAsync("interrupted", new() { Timeout = 60_000 });

        Assert.Multiple(() =>
        {
            Assert.That(failed, Has.Count.InRange(2, 4), "fixed 2 s polling would have asked 6 times or more in 12 s: " + string.Join(", ", failed.Select(t => t.ToString("HH:mm:ss.fff"))));
            Assert.That(gaps, Has.All.GreaterThan(TimeSpan.FromSeconds(3.5)), "each retry waits at least twice as long as a good poll");
            Assert.That(ScriptErrors.Where(e => !e.Contains("Failed to load resource", StringComparison.Ordinal)), Is.Empty);
        });
    }

    private static LiveCall Dial(Conference meeting, string passcode) =>
        DashboardHost.Simulator.Start(Calls.Options(Calls.NewNumber(), Calls.NewCallSid(), TimeSpan.FromMinutes(3)),
            new ScriptedKeypad(meeting.AccessCode + "#", passcode + "#"));

    /// <summary>
    /// Start opens only a meeting of today in the organizer's zone: in the last minutes before midnight in New York the
    /// organizer moves to Tokyo, where the start is still today, so the test does not depend on the hour it runs at.
    /// </summary>
    private async Task LiveWhereTheStartIsTodayAsync(TestOrganizer organizer, TimeSpan ahead)
    {
        var now = TimeProvider.System.GetUtcNow();
        var zone = new[] { ManagementApi.TimeZone, "Asia/Tokyo" }.First(id =>
        {
            var z = TimeZoneInfo.FindSystemTimeZoneById(id);
            return TimeZoneInfo.ConvertTime(now, z).Date == TimeZoneInfo.ConvertTime(now + ahead + TimeSpan.FromMinutes(5), z).Date;
        });
        if (zone != ManagementApi.TimeZone)
        {
            await organizer.Api.SendAsync<System.Text.Json.JsonElement>(HttpMethod.Patch, "/api/v1/me", organizer.Account.ApiKey, new { timeZone = zone }, Token);
        }
    }
}
