using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace IvrGateway.IntegrationTests.Join;

public sealed class JoinSessionTests : ApplicationFixture<IvrApplication>
{
    protected override IvrApplication CreateApplication() => new(overrides: BrowserAudio.Settings());

    private async Task<(TestOrganizer Organizer, ConferenceDto Meeting, InvitationDto Alice)> MeetingAsync(string mode = "unique", TimeSpan? startsIn = null,
        string? sharedPasscode = null)
    {
        var organizer = await app.NewOrganizerAsync();
        var alice = await organizer.AddContactAsync("Alice Archer");
        object security = sharedPasscode is null ? new { passcodeMode = mode } : new { passcodeMode = mode, sharedPasscode };
        var meeting = await organizer.ScheduleInAsync(startsIn ?? TimeSpan.FromMinutes(5), security: security, invitees: [alice.Id]);
        return (organizer, meeting, meeting.Invitations.Single());
    }

    [Test]
    public async Task A_token_is_minted_after_admission_with_a_voice_grant_for_the_twiml_app_an_opaque_identity_and_five_minutes_of_life()
    {
        var (_, _, alice) = await MeetingAsync();
        using var browser = new JoinPageClient(app, alice.JoinUrl);

        var answer = await browser.JoinAsync();

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.OK), answer.Message);
        var handler = new JwtSecurityTokenHandler();
        var principal = handler.ValidateToken(answer.Token, new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(BrowserAudio.ApiKeySecret)),
            ValidIssuer = BrowserAudio.ApiKeySid,
            ValidateAudience = false,
            ValidateLifetime = false,
        }, out var validated);
        var jwt = (JwtSecurityToken)validated;
        var grants = JsonDocument.Parse(jwt.Payload["grants"] is JsonElement e ? e.GetRawText() : JsonSerializer.Serialize(jwt.Payload["grants"])).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(principal, Is.Not.Null);
            Assert.That(jwt.Subject, Is.EqualTo(BrowserAudio.AccountSid));
            Assert.That(jwt.Header["cty"], Is.EqualTo("twilio-fpa;v=1"));
            Assert.That(grants.GetProperty("identity").GetString(), Is.EqualTo(answer.Identity));
            Assert.That(answer.Identity, Does.Match("^web[0-9a-f]{24}$"), "the identity names no one");
            Assert.That(grants.GetProperty("voice").GetProperty("outgoing").GetProperty("application_sid").GetString(), Is.EqualTo(BrowserAudio.TwimlAppSid));
            Assert.That(jwt.ValidTo, Is.EqualTo(app.Time.GetUtcNow().AddMinutes(5).UtcDateTime).Within(TimeSpan.FromSeconds(2)));
            Assert.That(answer.Ticket, Has.Length.GreaterThanOrEqualTo(40));
        });
    }

    [Test]
    public async Task No_token_before_the_activation_window_opens()
    {
        var (_, _, alice) = await MeetingAsync(startsIn: TimeSpan.FromDays(1));
        using var browser = new JoinPageClient(app, alice.JoinUrl);

        var answer = await browser.JoinAsync();

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(answer.Refusal, Is.EqualTo("notYetOpen"));
            Assert.That(answer.Token, Is.Null);
        });
    }

    [Test]
    public async Task No_token_for_a_cancelled_meeting_and_its_page_says_so()
    {
        var (organizer, meeting, alice) = await MeetingAsync();
        using var opened = new JoinPageClient(app, alice.JoinUrl);
        await opened.OpenAsync();
        (await organizer.Http.DeleteAsync($"/api/v1/conferences/{meeting.Id}")).EnsureSuccessStatusCode();
        using var browser = new JoinPageClient(app, alice.JoinUrl);

        await browser.OpenAsync();
        var answer = await opened.JoinAsync();

        Assert.Multiple(() =>
        {
            Assert.That(browser.Html, Does.Contain("This meeting was cancelled."));
            Assert.That(answer.Refusal, Is.EqualTo("cancelled"));
            Assert.That(answer.Token, Is.Null);
        });
    }

    [Test]
    public async Task The_ticket_admits_once_and_a_second_use_hears_a_refusal_and_a_hang_up()
    {
        var (_, _, alice) = await MeetingAsync();
        using var browser = new JoinPageClient(app, alice.JoinUrl);
        var session = await browser.JoinAsync();

        var (first, _) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);
        var (second, _) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);

        Assert.Multiple(() =>
        {
            Assert.That(first.Label, Is.EqualTo("Alice Archer"));
            Assert.That(second.Conference, Is.Null);
            Assert.That(second.HangsUp, Is.True);
            Assert.That(second.Said, Is.Not.Empty);
        });
    }

    [Test]
    public async Task The_ticket_is_refused_after_its_short_life()
    {
        var (_, _, alice) = await MeetingAsync();
        using var browser = new JoinPageClient(app, alice.JoinUrl);
        var session = await browser.JoinAsync();

        app.Time.Advance(TimeSpan.FromSeconds(61));
        var (late, _) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);

        Assert.Multiple(() =>
        {
            Assert.That(late.Conference, Is.Null);
            Assert.That(late.HangsUp, Is.True);
        });
    }

    [Test]
    public async Task A_made_up_ticket_is_refused_with_valid_twiml()
    {
        var (twiml, _) = await BrowserLeg.ConnectAsync(app, "web000000000000000000000000", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        Assert.Multiple(() =>
        {
            Assert.That(twiml.Conference, Is.Null);
            Assert.That(twiml.HangsUp, Is.True);
        });
    }

    [Test]
    public async Task Two_browsers_on_one_unique_link_are_the_invitee_and_the_invitee_numbered_two_and_the_roster_marks_them_web()
    {
        var (organizer, meeting, alice) = await MeetingAsync();
        using var first = new JoinPageClient(app, alice.JoinUrl);
        using var second = new JoinPageClient(app, alice.JoinUrl);
        var a = await first.JoinAsync();
        var b = await second.JoinAsync();

        var (one, sidOne) = await BrowserLeg.ConnectAsync(app, a.Identity!, a.Ticket!);
        var (two, sidTwo) = await BrowserLeg.ConnectAsync(app, b.Identity!, b.Ticket!);
        await BrowserLeg.JoinedAsync(app, one, sidOne);
        await BrowserLeg.JoinedAsync(app, two, sidTwo);
        var roster = await organizer.Http.GetFromJsonAsync<List<AttendanceRow>>($"/api/v1/conferences/{meeting.Id}/attendance", IvrApplication.Json);

        Assert.Multiple(() =>
        {
            Assert.That(one.Label, Is.EqualTo("Alice Archer"));
            Assert.That(two.Label, Is.EqualTo("Alice Archer (2)"));
            Assert.That(roster!.Select(r => (r.DisplayName, r.Channel)), Is.EquivalentTo(new[] { ("Alice Archer", "web"), ("Alice Archer (2)", "web") }));
            Assert.That(roster!.All(r => r.PasscodeKind == "unique" && r.ContactId == alice.ContactId), Is.True);
        });
    }

    [Test]
    public async Task A_phone_call_and_a_browser_on_the_same_link_are_the_invitee_and_the_invitee_numbered_two()
    {
        var (_, meeting, alice) = await MeetingAsync();
        var phone = new VoiceCall(app);
        await phone.DialAsync();
        await phone.PressAsync(meeting.AccessCode + "#");
        var bridged = await phone.PressAsync(alice.Passcode + "#");
        using var browser = new JoinPageClient(app, alice.JoinUrl);
        var session = await browser.JoinAsync();

        var (web, _) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);

        Assert.Multiple(() =>
        {
            Assert.That(bridged.Label, Is.EqualTo("Alice Archer"));
            Assert.That(web.Label, Is.EqualTo("Alice Archer (2)"));
        });
    }

    [Test]
    public async Task A_shared_passcode_meeting_names_the_browser_after_the_invitee_once_the_pop_up_passcode_is_right()
    {
        var (_, _, alice) = await MeetingAsync("shared", sharedPasscode: "482913");
        using var browser = new JoinPageClient(app, alice.JoinUrl);

        await browser.OpenAsync();
        var session = await browser.JoinAsync("482913");
        var (web, _) = await BrowserLeg.ConnectAsync(app, session.Identity!, session.Ticket!);

        Assert.Multiple(() =>
        {
            Assert.That(browser.Html, Does.Contain("id=\"passcode-dialog\""), "the page has the pop-up");
            Assert.That(browser.Html, Does.Not.Contain("482913"), "the shared passcode is not on the page");
            Assert.That(session.Status, Is.EqualTo(HttpStatusCode.OK), session.Message);
            Assert.That(web.Label, Is.EqualTo("Alice Archer"));
        });
    }

    [Test]
    public async Task Three_wrong_pop_up_passcodes_in_a_row_need_a_fresh_page()
    {
        var (_, _, alice) = await MeetingAsync("shared", sharedPasscode: "482913");
        using var browser = new JoinPageClient(app, alice.JoinUrl);

        var one = await browser.JoinAsync("111111");
        var two = await browser.JoinAsync("222222");
        var three = await browser.JoinAsync("333333");
        var right = await browser.JoinAsync("482913");
        using var fresh = new JoinPageClient(app, alice.JoinUrl);
        var afterReload = await fresh.JoinAsync("482913");

        Assert.Multiple(() =>
        {
            Assert.That((one.Refusal, one.TriesLeft), Is.EqualTo(("wrongPasscode", 2)));
            Assert.That((two.Refusal, two.TriesLeft), Is.EqualTo(("wrongPasscode", 1)));
            Assert.That(three.Refusal, Is.EqualTo("freshPageNeeded"));
            Assert.That(right.Refusal, Is.EqualTo("freshPageNeeded"), "even the right passcode needs a fresh page");
            Assert.That(afterReload.Status, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Wrong_phone_and_pop_up_passcodes_together_reach_the_meetings_protection()
    {
        var (_, meeting, alice) = await MeetingAsync("shared", sharedPasscode: "482913");
        // Ten wrong passcodes protect the meeting (BruteForce:MeetingFailures): eight by phone, two from pop-ups.
        for (var i = 0; i < 4; i++)
        {
            var phone = new VoiceCall(app, from: "+1202555" + (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await phone.DialAsync();
            await phone.PressAsync(meeting.AccessCode + "#");
            await phone.PressAsync("111111#");
            await phone.PressAsync("222222#");
        }
        using var browser = new JoinPageClient(app, alice.JoinUrl);
        var ninth = await browser.JoinAsync("333333");
        var tenth = await browser.JoinAsync("444444");
        using var fresh = new JoinPageClient(app, alice.JoinUrl);
        var right = await fresh.JoinAsync("482913");

        Assert.Multiple(() =>
        {
            Assert.That(ninth.Refusal, Is.EqualTo("wrongPasscode"));
            Assert.That(tenth.Refusal, Is.EqualTo("locked"));
            Assert.That(tenth.Status, Is.EqualTo(HttpStatusCode.Locked));
            Assert.That(right.Refusal, Is.EqualTo("locked"), "the protected meeting holds the shared passcode too");
        });
    }

    [Test]
    public async Task The_token_endpoint_refuses_a_form_without_its_antiforgery_token()
    {
        var (_, _, alice) = await MeetingAsync();
        using var browser = new JoinPageClient(app, alice.JoinUrl);

        var answer = await browser.JoinAsync(withToken: false);

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(answer.Token, Is.Null);
        });
    }

    [Test]
    public async Task Odd_input_to_the_join_page_and_its_token_endpoint_is_never_a_server_error()
    {
        var (_, _, alice) = await MeetingAsync("shared", sharedPasscode: "482913");
        using var browser = new JoinPageClient(app, alice.JoinUrl);
        await browser.OpenAsync();
        var client = app.Client();
        var paths = new[]
        {
            "/join/" + new string('A', 5000), "/join/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA?lang=" + new string('x', 3000),
            browser.Path + "?lang=zz-ZZ", browser.Path + "/invite.ics?x=1", "/join/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/invite.ics",
        };
        var statuses = new List<HttpStatusCode>();
        foreach (var path in paths)
        {
            statuses.Add((await client.GetAsync(path)).StatusCode);
        }
        var odd = new[]
        {
            await browser.JoinAsync(new string('9', 10_000)), await browser.JoinAsync("<script>"),
        };
        using var made = new JoinPageClient(app, "https://localhost/join/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        var unknown = await made.JoinAsync();
        var noPage = await browser.PostRawAsync(browser.Path + "/session", new() { ["page"] = new string('z', 500), ["passcode"] = "1" });

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Has.None.GreaterThanOrEqualTo(HttpStatusCode.InternalServerError));
            Assert.That(odd.Select(a => a.Refusal), Is.All.EqualTo("wrongPasscode"));
            Assert.That(unknown.Status, Is.EqualTo(HttpStatusCode.BadRequest).Or.EqualTo(HttpStatusCode.NotFound));
            Assert.That(noPage.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    [Test]
    public async Task The_join_page_shows_the_button_allows_twilio_in_its_content_policy_and_speaks_spanish_to_a_spanish_browser()
    {
        var (_, _, alice) = await MeetingAsync();
        using var browser = new JoinPageClient(app, alice.JoinUrl);

        using var english = await browser.OpenAsync();
        var englishHtml = browser.Html;
        using var spanish = await browser.OpenAsync("es-MX,es;q=0.9");

        Assert.Multiple(() =>
        {
            Assert.That(englishHtml, Does.Contain("Join from this browser"));
            Assert.That(englishHtml, Does.Contain("<html lang=\"en-US\">"));
            Assert.That(english.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("connect-src 'self' wss://*.twilio.com https://*.twilio.com"));
            Assert.That(english.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("script-src 'self';"));
            Assert.That(english.Headers.CacheControl?.NoStore, Is.True);
            Assert.That(browser.Html, Does.Contain("Unirse desde este navegador"));
            Assert.That(browser.Html, Does.Contain("<html lang=\"es-US\">"));
        });
    }

    [Test]
    public async Task The_vendored_voice_sdk_and_the_page_script_are_served()
    {
        var client = app.Client();

        var sdk = await client.GetAsync("/join/twilio.min.js");
        var script = await client.GetAsync("/join/join.js");

        Assert.Multiple(() =>
        {
            Assert.That(sdk.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    public sealed record AttendanceRow(string CallSid, string DisplayName, string Role, string? ContactId, string PasscodeKind, string? Channel);
}

public sealed class JoinWithoutBrowserAudioTests : ApplicationFixture<IvrApplication>
{
    [Test]
    public async Task Without_the_twilio_api_key_settings_the_page_offers_dial_in_only_and_says_why()
    {
        var organizer = await app.NewOrganizerAsync();
        var alice = await organizer.AddContactAsync("Alice Archer");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { passcodeMode = "unique" }, invitees: [alice.Id]);
        using var browser = new JoinPageClient(app, meeting.Invitations.Single().JoinUrl);

        await browser.OpenAsync();
        var answer = await browser.JoinAsync();

        Assert.Multiple(() =>
        {
            Assert.That(browser.Html, Does.Contain("Joining from the browser is not set up on this service"));
            Assert.That(browser.Html, Does.Not.Contain("twilio.min.js"));
            Assert.That(answer.Token, Is.Null);
        });
    }
}
