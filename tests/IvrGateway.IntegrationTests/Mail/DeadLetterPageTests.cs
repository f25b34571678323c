using System.Net;
using System.Text.RegularExpressions;
using IvrGateway.Mail.Outbox;
using Microsoft.AspNetCore.Mvc.Testing;

namespace IvrGateway.IntegrationTests.Mail;

/// <summary>The ops dashboard's Mail page: dead letters as the API lists them, and a retry that queues one again.</summary>
public sealed partial class DeadLetterPageTests : SmtpFixture
{
    [Test]
    public async Task A_dead_letter_is_listed_on_the_ops_mail_page_and_its_retry_button_sends_it()
    {
        using var app = MailApps.Create(smtp, new() { ["Mail:Outbox:MaxAttempts"] = "1" });
        smtp.Stop();
        var queued = await app.EnqueueTestAsync("grace@example.com");
        await app.DispatchAsync();
        using var ops = await SignedInAsync(app);

        var listed = await ops.GetStringAsync("/ops/mail");
        smtp.Launch();
        using var retry = await PostAsync(ops, "/ops/mail?handler=Retry", listed, queued.Id);
        var after = await ops.GetStringAsync("/ops/mail");
        await app.DispatchAsync();
        var received = await smtp.WaitForAsync(1);
        var record = await app.RecordAsync(queued.Id);

        Assert.Multiple(() =>
        {
            Assert.That(listed, Does.Contain($"data-id=\"{queued.Id}\"").And.Contain("grace@example.com"));
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(after, Does.Contain("queued again").And.Contain("No dead letters"));
            Assert.That(received.Single().To.ToString(), Does.Contain("grace@example.com"));
            Assert.That(record.State, Is.EqualTo(OutboxStates.Sent));
        });
    }

    [Test]
    public async Task Retrying_an_unknown_or_malformed_id_answers_a_message_not_an_error_page()
    {
        using var app = MailApps.Create(smtp);
        using var ops = await SignedInAsync(app);
        var page = await ops.GetStringAsync("/ops/mail");

        using var unknown = await PostAsync(ops, "/ops/mail?handler=Retry", page, "mail_aaaaaaaaaaaaaaaa");
        using var malformed = await PostAsync(ops, "/ops/mail?handler=Retry", page, "../../etc/passwd" + new string('x', 5000));

        Assert.Multiple(async () =>
        {
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await unknown.Content.ReadAsStringAsync(), Does.Contain("No message with this id"));
            Assert.That(malformed.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task The_mail_page_needs_the_ops_session()
    {
        using var app = MailApps.Create(smtp);
        using var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await anonymous.GetAsync("/ops/mail");

        Assert.That(response.Headers.Location?.AbsolutePath ?? response.Headers.Location?.OriginalString, Does.StartWith("/ops/signin"));
    }

    private static async Task<HttpClient> SignedInAsync(IvrApplication app)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });
        var form = await client.GetStringAsync("/ops/signin");
        using var response = await client.PostAsync("/ops/signin", new FormUrlEncodedContent(
            [new("key", IvrApplication.OpsKey), new("__RequestVerificationToken", Token(form))]));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return client;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string page, string id) =>
        client.PostAsync(path, new FormUrlEncodedContent([new("id", id), new("__RequestVerificationToken", Token(page))]));

    private static string Token(string html) => WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
