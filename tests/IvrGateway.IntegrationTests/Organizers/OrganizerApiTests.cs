using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace IvrGateway.IntegrationTests.Organizers;

public sealed class OrganizerApiTests : ApplicationFixture<IvrApplication>
{
    [Test]
    public async Task Admin_creates_an_organizer_and_sees_its_secrets_once()
    {
        var response = await app.Admin().PostAsJsonAsync("/api/v1/organizers", new { name = "Ada Lovelace", email = "ada@example.com", timeZone = "Europe/London" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var created = (await response.Content.ReadFromJsonAsync<CreatedOrganizerDto>(IvrApplication.Json))!;
        Assert.Multiple(() =>
        {
            Assert.That(created.Id, Does.StartWith("org_"));
            Assert.That(created.ApiKey, Does.StartWith("ivr_").And.Length.GreaterThan(40));
            Assert.That(created.HostPin, Does.Match("^[0-9]{6}$"));
            Assert.That(created.PersonalAccessCode, Does.Match("^[0-9]{10}$"));
            Assert.That(IvrGateway.Codes.AccessCodes.IsWellFormed(created.PersonalAccessCode), Is.True);
            Assert.That(response.Headers.Location?.ToString(), Does.EndWith(created.Id));
        });
    }

    [Test]
    public async Task The_new_api_key_opens_the_organizers_own_profile()
    {
        var organizer = await app.NewOrganizerAsync("Grace Hopper");

        var profile = await organizer.Http.GetFromJsonAsync<JsonElement>("/api/v1/me");

        Assert.Multiple(() =>
        {
            Assert.That(profile.GetProperty("id").GetString(), Is.EqualTo(organizer.Account.Id));
            Assert.That(profile.GetProperty("hostPin").GetString(), Is.EqualTo(organizer.Account.HostPin));
            Assert.That(profile.GetProperty("personalAccessCode").GetString(), Is.EqualTo(organizer.Account.PersonalAccessCode));
        });
    }

    [Test]
    public async Task Api_keys_and_secrets_are_stored_only_hashed_or_encrypted()
    {
        var organizer = await app.NewOrganizerAsync();

        var stored = string.Join("\n", TestRedis.Snapshot(app.KeyPrefix).Select(kv => kv.Key + "=" + kv.Value));

        Assert.Multiple(() =>
        {
            Assert.That(stored, Does.Not.Contain(organizer.Account.ApiKey));
            Assert.That(stored, Does.Not.Contain(organizer.Account.PersonalAccessCode));
            Assert.That(stored, Does.Not.Contain("\"" + organizer.Account.HostPin + "\""));
        });
    }

    [Test]
    public async Task Without_a_key_the_api_answers_401_with_a_problem()
    {
        var response = await app.Client().PostAsJsonAsync("/api/v1/organizers", new { name = "X", email = "x@example.com", timeZone = "UTC" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task A_wrong_key_is_401()
    {
        var response = await app.Client("not-a-key").GetAsync("/api/v1/me/contacts");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Organizers_and_ops_may_not_create_organizers()
    {
        var organizer = await app.NewOrganizerAsync();
        var body = new { name = "Mallory", email = "m@example.com", timeZone = "UTC" };

        var asOrganizer = await organizer.Http.PostAsJsonAsync("/api/v1/organizers", body);
        var asOps = await app.Ops().PostAsJsonAsync("/api/v1/organizers", body);

        Assert.That(asOrganizer.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(asOps.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Bad_organizer_fields_are_each_named_and_nothing_is_stored()
    {
        var before = TestRedis.Snapshot(app.KeyPrefix);

        var response = await app.Admin().PostAsJsonAsync("/api/v1/organizers", new { name = "", email = "not-an-email", timeZone = "Mars/Olympus_Mons" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Multiple(() =>
        {
            Assert.That(errors.TryGetProperty("name", out _), Is.True);
            Assert.That(errors.TryGetProperty("email", out _), Is.True);
            Assert.That(errors.GetProperty("timeZone")[0].GetString(), Does.Contain("IANA"));
            Assert.That(TestRedis.Snapshot(app.KeyPrefix), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Malformed_json_is_a_400_problem_not_an_empty_answer()
    {
        var response = await app.Admin().PostAsync("/api/v1/organizers", new StringContent("{\"name\": \"A\", ", Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").EnumerateObject().Single().Name, Is.EqualTo("name").Or.EqualTo("body"));
    }
}
