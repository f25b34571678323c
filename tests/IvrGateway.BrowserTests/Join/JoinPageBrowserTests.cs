using System.Text.RegularExpressions;
using IvrGateway.BrowserTests.Portal;
using Microsoft.Playwright;

namespace IvrGateway.BrowserTests.Join;

[CancelAfter(90_000)]
public sealed class JoinPageBrowserTests : PortalTest
{
    private async Task<(TestOrganizer Organizer, Conference Meeting, Invitation Alice)> MeetingAsync(object security, TimeSpan startsIn)
    {
        var organizer = await DashboardHost.Api.NewOrganizerAsync("Olivia Organizer", Token);
        var contact = await organizer.AddContactAsync("Alice Archer", Token);
        var meeting = await organizer.ScheduleAsync(startsIn, security, [contact.Id], Token);
        return (organizer, meeting, meeting.Invitations.Single());
    }

    /// <summary>Script errors and policy violations; a refusal's 4xx (which Chromium logs as a failed resource) is the page working.</summary>
    private List<string> PageErrors => ScriptErrors.Where(e => !e.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal)).ToList();

    private async Task OpenAsync(Invitation invitation, string? query = null)
    {
        await VoiceSdkDouble.InstallAsync(Page);
        await PortalBrowser.GotoAsync(Page, new Uri(invitation.JoinUrl!).AbsolutePath + query);
    }

    [Test]
    public async Task A_newcomer_passes_the_passcode_pop_up_joins_from_the_browser_and_appears_in_the_roster_under_the_invitees_name()
    {
        var (organizer, meeting, alice) = await MeetingAsync(new { passcodeMode = "shared", sharedPasscode = "482913" }, TimeSpan.FromMinutes(5));
        await OpenAsync(alice);
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("End-to-end meeting");
        await Assertions.Expect(Page.GetByText("Invited as Alice Archer")).ToBeVisibleAsync();
        await Screens.SaveAsync(Page, "join-page", "the join page of a shared-passcode meeting, open now");

        var join = Page.GetByRole(AriaRole.Button, new() { Name = "Join from this browser" });
        await join.ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog, new() { Name = "Meeting passcode" });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        var field = dialog.GetByLabel("Passcode");
        await Assertions.Expect(field).ToBeFocusedAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true }).ClickAsync();
        await Assertions.Expect(dialog.Locator("#passcode-error")).ToHaveTextAsync("Enter the passcode.");
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await field.FillAsync("111111");
        await field.PressAsync("Enter");
        await Assertions.Expect(dialog.Locator("#passcode-error")).ToHaveTextAsync("That passcode is not right. Tries left on this page: 2.");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Link, new() { Name = "That passcode is not right. Tries left on this page: 2." })).ToBeVisibleAsync();
        await Screens.SaveAsync(Page, "join-passcode-wrong", "the passcode pop-up after a wrong passcode: the error beside the field and in the summary");

        await Page.Keyboard.PressAsync("Tab");
        await Page.Keyboard.PressAsync("Tab");
        await Page.Keyboard.PressAsync("Tab");
        Assert.That(await Page.EvaluateAsync<bool>("() => document.getElementById('passcode-dialog').contains(document.activeElement)"), Is.True,
            "Tab stays inside the pop-up");
        await Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(join).ToBeFocusedAsync();

        await join.ClickAsync();
        await field.FillAsync("482913");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "You are in the meeting." })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Leave" })).ToBeVisibleAsync();
        await Screens.SaveAsync(Page, "join-connected", "joined from the browser (the Voice SDK replaced by a double)");

        var connects = await VoiceSdkDouble.ConnectsAsync(Page);
        Assert.That(connects, Has.Count.EqualTo(1));
        Assert.That(connects[0]["ticket"], Has.Length.GreaterThanOrEqualTo(40), "the double was asked to connect with the ticket");
        var identity = await VoiceSdkDouble.IdentityAsync(Page);

        var leg = await DashboardHost.Twilio.ConnectBrowserAsync(identity, connects[0]["ticket"], Token);
        var roster = await organizer.AttendanceAsync(meeting.Id, Token);

        Assert.Multiple(() =>
        {
            Assert.That(leg.Conference?.ParticipantLabel, Is.EqualTo("Alice Archer"));
            Assert.That(roster.Select(r => (r.DisplayName, r.Channel, r.ContactId)), Is.EqualTo(new[] { ("Alice Archer", (string?)"web", (string?)null) }),
                "a shared passcode admits under the invitee's name (no contact: the passcode is not theirs alone)");
            Assert.That(PageErrors, Is.Empty);
        });
    }

    [Test]
    public async Task Three_wrong_passcodes_in_the_pop_up_need_a_fresh_page()
    {
        var (_, _, alice) = await MeetingAsync(new { passcodeMode = "shared", sharedPasscode = "482913" }, TimeSpan.FromMinutes(5));
        await OpenAsync(alice);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Join from this browser" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog, new() { Name = "Meeting passcode" });
        var field = dialog.GetByLabel("Passcode");

        // Each answer is awaited before the next try, by its own words: the field stays marked invalid from the first answer on,
        // so waiting for that alone let a loaded run type the third passcode while the second was still being checked (the
        // third was then never counted, and the page said one try was left).
        var answers = new[]
        {
            ("111111", "That passcode is not right. Tries left on this page: 2."),
            ("222222", "That passcode is not right. Tries left on this page: 1."),
            ("333333", "Three wrong passcodes. Reload the page to try again."),
        };
        foreach (var (wrong, answer) in answers)
        {
            await field.FillAsync(wrong);
            await field.PressAsync("Enter");
            await Assertions.Expect(dialog.Locator("#passcode-error")).ToHaveTextAsync(answer);
            await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        }

        await Assertions.Expect(field).ToBeDisabledAsync();
        await Assertions.Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true })).ToBeDisabledAsync();
        await Screens.SaveAsync(Page, "join-passcode-fresh-page", "three wrong passcodes: the pop-up asks for a fresh page");
        await Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Join from this browser" })).ToBeDisabledAsync();

        await Page.ReloadAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Join from this browser" }).ClickAsync();
        await field.FillAsync("482913");
        await field.PressAsync("Enter");
        await Assertions.Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "You are in the meeting." })).ToBeVisibleAsync();
        Assert.That(PageErrors, Is.Empty);
    }

    [Test]
    public async Task Before_the_window_opens_the_page_counts_down_and_the_button_enables_itself_at_that_moment()
    {
        // The one-time code opens 15 minutes before the start: here, about half a minute from now. Room for opening the page
        // on a loaded machine first (with ten seconds, the window could open before the page showed the countdown).
        var (_, _, alice) = await MeetingAsync(new { passcodeMode = "unique" }, TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(30));
        await OpenAsync(alice);
        var join = Page.GetByRole(AriaRole.Button, new() { Name = "Join from this browser" });

        await Assertions.Expect(join).ToBeDisabledAsync();
        await Assertions.Expect(Page.Locator("#join-countdown")).ToHaveTextAsync(new Regex(@"^Opens in 0:[0-2]\d$"));
        await Assertions.Expect(Page.Locator("#join-opens")).ToContainTextAsync("Joining opens at");
        await Assertions.Expect(Page.GetByText("Your passcode")).ToBeVisibleAsync();
        await Screens.SaveAsync(Page, "join-countdown", "before the window: the countdown, the button disabled");

        await Assertions.Expect(join).ToBeEnabledAsync(new() { Timeout = 45_000 });
        await Assertions.Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Joining is open." })).ToBeVisibleAsync();
        await Screens.SaveAsync(Page, "join-opened", "the window opened: the button enabled itself");
        await join.ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "You are in the meeting." })).ToBeVisibleAsync();

        var connects = await VoiceSdkDouble.ConnectsAsync(Page);
        Assert.Multiple(() =>
        {
            Assert.That(connects.Single()["ticket"], Is.Not.Empty, "a unique link needs no pop-up: the link names the invitee");
            Assert.That(PageErrors, Is.Empty);
        });
    }

    [Test]
    public async Task A_cancelled_meeting_says_so_in_the_invitees_language()
    {
        var (organizer, meeting, alice) = await MeetingAsync(new { passcodeMode = "unique" }, TimeSpan.FromMinutes(5));
        using (var http = new HttpClient { BaseAddress = DashboardHost.BaseUrl })
        {
            using var cancel = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/conferences/{meeting.Id}");
            cancel.Headers.Authorization = new("Bearer", organizer.Account.ApiKey);
            (await http.SendAsync(cancel, Token)).EnsureSuccessStatusCode();
        }

        await OpenAsync(alice, "?lang=es-US");

        await Assertions.Expect(Page.GetByText("Esta reunión fue cancelada.")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Unirse desde este navegador" })).ToHaveCountAsync(0);
        Assert.That(await Page.GetAttributeAsync("html", "lang"), Is.EqualTo("es-US"));
        await Screens.SaveAsync(Page, "join-cancelled-es", "a cancelled meeting's join page, in Spanish");
        Assert.That(PageErrors, Is.Empty);
    }

    [Test]
    public async Task The_organizer_joins_from_the_portal_as_host_and_the_roster_shows_them_as_a_web_host()
    {
        var organizer = await PortalBrowser.SignInNewOrganizerAsync(Page, "Hana Host", Token);
        var meeting = await organizer.ScheduleAsync(TimeSpan.FromMinutes(5), new { passcodeMode = "shared", sharedPasscode = "482913" }, [], Token);
        await VoiceSdkDouble.InstallAsync(Page);

        await PortalBrowser.GotoAsync(Page, $"/portal/meetings/{meeting.Id}/browser");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Join from this browser" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "You are in the meeting." })).ToBeVisibleAsync();
        await Screens.SaveAsync(Page, "join-host-portal", "the host joined from the portal (no passcode, no PIN)");
        var ticket = (await VoiceSdkDouble.ConnectsAsync(Page)).Single()["ticket"];
        var leg = await DashboardHost.Twilio.ConnectBrowserAsync(await VoiceSdkDouble.IdentityAsync(Page), ticket, Token);
        var roster = await organizer.AttendanceAsync(meeting.Id, Token);

        Assert.Multiple(() =>
        {
            Assert.That(leg.Conference?.ParticipantLabel, Is.EqualTo("Hana Host"));
            Assert.That(leg.Conference?.StartConferenceOnEnter, Is.True);
            Assert.That(roster.Select(r => (r.DisplayName, r.Role, r.Channel)), Is.EqualTo(new[] { ("Hana Host", "host", (string?)"web") }));
            Assert.That(PageErrors, Is.Empty);
        });
    }
}
