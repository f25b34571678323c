using System.Net;
using System.Net.Http.Json;
using IvrGateway.Infrastructure;

namespace IvrGateway.IntegrationTests.Organizers;

/// <summary>One account per email address, even when creations with that address arrive at once; a crashed creation's claim frees after a grace.</summary>
public sealed class EmailClaimTests
{
    private static Task<HttpResponseMessage> CreateAsync(IvrApplication app, string email) =>
        app.Admin().PostAsJsonAsync("/api/v1/organizers", new { name = "Clara Claim", email, timeZone = "Europe/Paris" });

    [Test]
    public async Task Ten_simultaneous_creations_with_one_address_written_differently_open_exactly_one_account()
    {
        using var app = new IvrApplication();
        // Several addresses, each raced by ten creations: one race alone may happen to run one after another.
        for (var address = 0; address < 3; address++)
        {
            var spellings = new[] { "same{0}@example.com", "Same{0}@Example.com", " same{0}@example.com", "SAME{0}@EXAMPLE.COM ", "same{0}@EXAMPLE.com" }
                .Select(s => string.Format(System.Globalization.CultureInfo.InvariantCulture, s, address)).ToArray();

            var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => CreateAsync(app, spellings[i % spellings.Length])));

            var statuses = responses.Select(r => r.StatusCode).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(statuses.Count(s => s == HttpStatusCode.Created), Is.EqualTo(1), $"address {address}: one account: {string.Join(", ", statuses)}");
                Assert.That(statuses.Count(s => s == HttpStatusCode.Conflict), Is.EqualTo(9), $"address {address}: the others are told the address is taken");
            });
        }
    }

    [Test]
    public async Task A_claim_whose_creation_never_wrote_its_account_is_taken_over_only_after_the_grace()
    {
        using var app = new IvrApplication();
        using var first = await CreateAsync(app, "orphan@example.com");
        var id = (await first.Content.ReadFromJsonAsync<CreatedOrganizerDto>(IvrApplication.Json))!.Id;
        // As if the creation had crashed after claiming the address: its account was never written.
        await TestRedis.Database.KeyDeleteAsync(app.Service<RedisKeyspace>().Key("o:" + id, "profile"));

        app.Time.Advance(TimeSpan.FromSeconds(30));
        using var early = await CreateAsync(app, "Orphan@example.com");
        app.Time.Advance(TimeSpan.FromSeconds(31));
        using var late = await CreateAsync(app, "orphan@example.com");
        using var again = await CreateAsync(app, "orphan@example.com");

        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(early.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "within the grace the claim may be a creation still running");
            Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.Created), "after the grace the orphan claim is free");
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "and the new account holds the address");
        });
    }
}
