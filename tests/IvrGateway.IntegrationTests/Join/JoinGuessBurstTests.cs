using System.Net;
using IvrGateway.Join;

namespace IvrGateway.IntegrationTests.Join;

/// <summary>The pop-up's limits under attack: guesses sent all at once, and bodies that are not the join form.</summary>
public sealed class JoinGuessBurstTests
{
    [Test]
    public async Task Twenty_wrong_guesses_sent_at_once_from_one_address_get_at_most_its_ten_tries_checked()
    {
        // Its own application: the address budget is the test client's, and other tests' guesses must not spend it.
        using var app = new IvrApplication(overrides: BrowserAudio.Settings());
        var organizer = await app.NewOrganizerAsync();
        var alice = await organizer.AddContactAsync("Alice Archer");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { passcodeMode = "shared", sharedPasscode = "482913" },
            invitees: [alice.Id]);
        var link = meeting.Invitations.Single().JoinUrl;
        // Twenty fresh pages, so the per-page limit plays no part.
        var pages = new List<JoinPageClient>();
        for (var i = 0; i < 20; i++)
        {
            var page = new JoinPageClient(app, link);
            using var _ = await page.OpenAsync();
            pages.Add(page);
        }

        var answers = await Task.WhenAll(pages.Select((p, i) => p.JoinAsync((100000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        pages.ForEach(p => p.Dispose());

        var fromAddress = answers.Count(a => a.Refusal == "tooManyFromAddress");
        Assert.That(fromAddress, Is.EqualTo(20 - JoinGuessStore.PerAddress),
            "every guess beyond the address's budget is refused before it is checked: " + string.Join(", ", answers.Select(a => a.Refusal)));
    }

    [Test]
    public async Task Clicks_on_a_used_up_page_check_nothing_and_spend_none_of_the_addresss_budget()
    {
        using var app = new IvrApplication(overrides: BrowserAudio.Settings());
        var organizer = await app.NewOrganizerAsync();
        var alice = await organizer.AddContactAsync("Alice Archer");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), security: new { passcodeMode = "shared", sharedPasscode = "482913" },
            invitees: [alice.Id]);
        var link = meeting.Invitations.Single().JoinUrl;
        using var usedUp = new JoinPageClient(app, link);
        using var _ = await usedUp.OpenAsync();
        for (var i = 0; i < JoinGuessStore.PerPage; i++)
        {
            await usedUp.JoinAsync("10000" + i);
        }

        // Someone keeps pressing Join on the page that had its three tries, more times than the address's whole budget.
        var refused = new List<SessionAnswer>();
        for (var i = 0; i < JoinGuessStore.PerAddress; i++)
        {
            refused.Add(await usedUp.JoinAsync("482913"));
        }
        using var fresh = new JoinPageClient(app, link);
        using var __ = await fresh.OpenAsync();
        var right = await fresh.JoinAsync("482913");

        Assert.Multiple(() =>
        {
            Assert.That(refused.Select(a => a.Refusal), Is.All.EqualTo("freshPageNeeded"));
            Assert.That(right.Refusal, Is.Null, "the right passcode on a fresh page from the same address still joins");
            Assert.That(right.Token, Is.Not.Null);
        });
    }

    [Test]
    public async Task A_session_request_that_is_not_the_join_form_is_a_bad_request_not_an_error()
    {
        using var app = new IvrApplication(overrides: BrowserAudio.Settings());
        var organizer = await app.NewOrganizerAsync();
        var alice = await organizer.AddContactAsync("Alice Archer");
        var meeting = await organizer.ScheduleInAsync(TimeSpan.FromMinutes(5), invitees: [alice.Id]);
        using var page = new JoinPageClient(app, meeting.Invitations.Single().JoinUrl);
        using var _ = await page.OpenAsync();

        using var json = await page.PostJsonWithTokenAsync(page.Path + "/session", "{\"passcode\":\"123456\"}");

        Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
