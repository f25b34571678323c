using System.Net;
using IvrGateway.Conferences;
using IvrGateway.Simulator.Calls;
using IvrGateway.Testing.Twilio;
using IvrGateway.Voice.CallMe;

namespace IvrGateway.IntegrationTests.Conferences;

/// <summary>Call me through the Twilio library against the simulator's fake REST API, which plays the call it is asked to place.</summary>
public sealed class CallMeTests
{
    private const string OrganizerPhone = "+12025550177";

    [Test]
    public async Task Pressing_1_bridges_the_organizer_into_the_meeting_as_its_host()
    {
        using var live = new LiveApplication();
        await live.StartAsync();
        var (organizer, meeting) = await VoiceScenarios.UniqueAsync(live.App, "Alice Archer");

        var placed = await PlaceAsync(live, organizer.Account.Id, meeting.Id);

        Assert.That(placed.Succeeded, Is.True, placed.Message);
        var roster = await live.RosterWhenAsync(meeting.Id, r => r.Participants.Any(p => p.IsHost), "the organizer to join as host");
        var call = live.Rest.PlacedCalls.Single();
        var conference = (await live.Probe.ConferencesAsync("meeting-" + meeting.Id, "in-progress")).Single();
        var participant = (await live.Probe.ParticipantsAsync(conference.Sid)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(call.To, Is.EqualTo(OrganizerPhone));
            Assert.That(call.From, Is.EqualTo(IvrApplication.DialInNumber));
            Assert.That(roster.Participants.Single().Label, Is.EqualTo("Olivia Organizer"));
            Assert.That(roster.Participants.Single().CallSid, Is.EqualTo(call.Sid));
            Assert.That(participant.Label, Is.EqualTo("Olivia Organizer"));
            Assert.That(conference.Status, Is.EqualTo("in-progress"), "the host starts the conference");
        });
    }

    [Test]
    public async Task One_organizer_cannot_have_more_than_five_calls_placed_in_ten_minutes()
    {
        using var live = new LiveApplication();
        await live.StartAsync();
        var (organizer, meeting) = await VoiceScenarios.UniqueAsync(live.App, "Alice Archer");

        var outcomes = new List<ControlOutcome>();
        for (var i = 0; i < CallMeTickets.CallsPerWindow + 1; i++)
        {
            outcomes.Add(await PlaceAsync(live, organizer.Account.Id, meeting.Id));
        }

        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Take(CallMeTickets.CallsPerWindow).All(o => o.Succeeded), Is.True);
            Assert.That(outcomes.Last().Succeeded, Is.False);
            Assert.That(outcomes.Last().Message, Does.Contain("wait a few minutes"));
            Assert.That(live.Rest.PlacedCalls, Has.Count.EqualTo(CallMeTickets.CallsPerWindow), "the refused one never reached Twilio");
        });
    }

    [TestCase("+442079460123", "United States")]
    [TestCase("+18762345678", "United States")]
    public async Task A_number_outside_the_dial_in_countries_is_never_rung_and_costs_none_of_the_allowance(string phone, string named)
    {
        using var live = new LiveApplication();
        await live.StartAsync();
        var (organizer, meeting) = await VoiceScenarios.UniqueAsync(live.App, "Alice Archer");

        var refused = await PlaceAsync(live, organizer.Account.Id, meeting.Id, phone);
        var outcomes = new List<ControlOutcome>();
        for (var i = 0; i < CallMeTickets.CallsPerWindow; i++)
        {
            outcomes.Add(await PlaceAsync(live, organizer.Account.Id, meeting.Id));
        }

        Assert.Multiple(() =>
        {
            Assert.That(refused.Succeeded, Is.False);
            Assert.That(refused.Message, Does.Contain(named).And.Contain("Germany"), "the dial-in numbers' countries are the default");
            Assert.That(live.Rest.PlacedCalls.Select(c => c.To), Has.None.EqualTo(phone));
            Assert.That(outcomes.All(o => o.Succeeded), Is.True, "a refused destination is not counted as a placed call");
        });
    }

    [Test]
    public async Task A_premium_rate_number_in_an_allowed_country_is_never_rung()
    {
        using var live = new LiveApplication();
        await live.StartAsync();
        var (organizer, meeting) = await VoiceScenarios.UniqueAsync(live.App, "Alice Archer");

        var refused = await PlaceAsync(live, organizer.Account.Id, meeting.Id, "+19002345678");

        Assert.That(refused.Succeeded, Is.False);
        Assert.That(refused.Message, Does.Contain("premium-rate"));
        Assert.That(live.Rest.PlacedCalls, Is.Empty);
    }

    [Test]
    public async Task The_configured_countries_replace_the_dial_in_countries()
    {
        using var live = new LiveApplication(settings: new() { ["CallMe:AllowedCountries:0"] = "GB" });
        await live.StartAsync();
        var (organizer, meeting) = await VoiceScenarios.UniqueAsync(live.App, "Alice Archer");

        var us = await PlaceAsync(live, organizer.Account.Id, meeting.Id);
        var gb = await PlaceAsync(live, organizer.Account.Id, meeting.Id, "+442079460123");

        Assert.That(us.Succeeded, Is.False, us.Message);
        Assert.That(us.Message, Does.Contain("United Kingdom"));
        Assert.That(gb.Succeeded, Is.True, gb.Message);
        Assert.That(live.Rest.PlacedCalls.Single().To, Is.EqualTo("+442079460123"));
    }

    [Test]
    public async Task The_answered_call_asks_to_press_1_to_start_the_meeting_by_its_title()
    {
        using var live = new LiveApplication();
        await live.StartAsync();
        var (organizer, meeting) = await VoiceScenarios.UniqueAsync(live.App, "Alice Archer");

        await PlaceAsync(live, organizer.Account.Id, meeting.Id);
        await live.RosterWhenAsync(meeting.Id, r => r.Participants.Count == 1, "the organizer to join");

        var heard = live.Heard.Said;
        Assert.That(heard, Does.Contain("Press 1 to start Weekly sync."));
        Assert.That(heard, Does.Contain("Welcome, Olivia Organizer. Starting the meeting."));
    }

    [Test]
    public async Task No_key_asks_once_more_then_says_goodbye_and_hangs_up_without_joining()
    {
        using var live = new LiveApplication(calledPersonPresses: ["-", "-"]);
        await live.StartAsync();
        var (organizer, meeting) = await VoiceScenarios.UniqueAsync(live.App, "Alice Archer");

        await PlaceAsync(live, organizer.Account.Id, meeting.Id);
        var result = await live.Rest.PlacedCalls.Single().Completion.WaitAsync(TimeSpan.FromSeconds(30));

        var heard = result.Heard.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(heard.Count(h => h == "Press 1 to start Weekly sync."), Is.EqualTo(2), result.Transcript());
            Assert.That(heard, Does.Contain("Sorry, we did not get that."));
            Assert.That(heard.Last(), Is.EqualTo("We did not hear a 1, so the meeting was not started. Goodbye."));
            Assert.That(result.Conference, Is.Null, "voicemail or no one: nobody joins");
        });
    }

    [Test]
    public async Task A_wrong_key_twice_ends_the_call_too()
    {
        using var live = new LiveApplication(calledPersonPresses: ["7", "9"]);
        await live.StartAsync();
        var (organizer, meeting) = await VoiceScenarios.UniqueAsync(live.App, "Alice Archer");

        await PlaceAsync(live, organizer.Account.Id, meeting.Id);
        var result = await live.Rest.PlacedCalls.Single().Completion.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(result.Conference, Is.Null);
        Assert.That(result.Heard.Last(), Is.EqualTo("We did not hear a 1, so the meeting was not started. Goodbye."));
    }

    [Test]
    public async Task The_call_me_webhooks_refuse_a_request_without_Twilio_s_signature()
    {
        using var app = new IvrApplication();
        var client = app.Client();

        using var answer = await client.PostAsync("/voice/callme/answer?r=abc", new FormUrlEncodedContent(new Dictionary<string, string> { ["CallSid"] = "CA" + new string('1', 32) }));
        using var press = await client.PostAsync("/voice/callme/press?r=abc&s=1&c=u&n=1", new FormUrlEncodedContent(new Dictionary<string, string> { ["Digits"] = "1" }));

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(press.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_ticket_serves_the_first_call_that_uses_it_and_no_other()
    {
        using var app = new IvrApplication();
        var tickets = app.Service<CallMeTickets>();
        var reference = await tickets.IssueAsync(new CallMeTicket(new string('a', 32), "org_abcdefgh", "mtg_abc", "Weekly sync"));
        var first = "CA" + new string('1', 32);
        var second = "CA" + new string('2', 32);

        var claimed = await tickets.ClaimAsync(reference, first);
        var again = await tickets.ClaimAsync(reference, first);
        var stolen = await tickets.ClaimAsync(reference, second);
        var unknown = await tickets.ClaimAsync(new string('x', 32), first);

        Assert.Multiple(() =>
        {
            Assert.That(claimed?.MeetingId, Is.EqualTo("mtg_abc"));
            Assert.That(again?.MeetingId, Is.EqualTo("mtg_abc"), "the same call's later requests find it");
            Assert.That(stolen, Is.Null, "another call cannot use it");
            Assert.That(unknown, Is.Null);
            Assert.That(reference, Has.Length.EqualTo(32));
        });
    }

    [Test]
    public async Task An_unknown_ticket_gets_an_apology_not_an_error()
    {
        using var live = new LiveApplication();
        await live.StartAsync();
        var phones = live.Phones;
        var options = phones.Options(OrganizerPhone) with { VoicePath = "/voice/callme/answer?r=" + new string('z', 32) };

        var result = await live.Simulator.DialAsync(options, new ScriptedKeypad("1"));

        Assert.That(result.Error, Is.Null);
        Assert.That(result.Heard.Single(), Does.StartWith("We're sorry"));
    }

    [Test]
    public async Task Without_an_account_and_API_key_Call_me_says_why_it_is_unavailable()
    {
        using var app = new IvrApplication();
        var dialer = app.Service<CallMeDialer>();

        Assert.That(dialer.UnavailableReason, Does.Contain("Twilio:AccountSid").And.Contain("Twilio:ApiKeySid").And.Contain("Twilio:ApiKeySecret"));
        Assert.That(app.Service<TwilioRest>().Client(), Is.Null);
    }

    internal static async Task<ControlOutcome> PlaceAsync(LiveApplication live, string organizerId, string meetingId, string phone = OrganizerPhone) =>
        await live.App.Service<CallMeDialer>().PlaceAsync(await live.OrganizerAsync(organizerId), await live.MeetingAsync(meetingId), phone,
            "http://localhost");
}
