using System.Net;
using System.Net.Http.Json;
using IvrGateway.Mail;
using IvrGateway.Mail.Composition;
using IvrGateway.Mail.Outbox;
using MimeKit;

namespace IvrGateway.IntegrationTests.Mail;

/// <summary>With no SMTP host, mail becomes .eml files in the outbox folder, and Development shows them at /dev/outbox.</summary>
public sealed class OutboxFolderTests
{
    /// <summary>A message with text, HTML (with markup that must not run) and a calendar attachment, like an invitation will be.</summary>
    private sealed class InvitationLikeComposer : IMailComposer
    {
        public string Kind => "invitation-like";

        public Task<Composition> ComposeAsync(OutboxRecord message, CancellationToken ct)
        {
            var body = new BodyBuilder
            {
                TextBody = "Join the Weekly sync.\nDial +15557650000",
                HtmlBody = "<p>Join the <b>Weekly sync</b></p><script>alert('x')</script>",
            };
            body.Attachments.Add("invite.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"u8.ToArray(), ContentType.Parse("text/calendar; method=REQUEST"));
            return Task.FromResult<Composition>(new MimeMessage { Subject = "Invitation: Weekly sync", Body = body.ToMessageBody() });
        }
    }

    private string folder = null!;

    [SetUp]
    public void MakeFolder() => folder = Directory.CreateTempSubdirectory("ivr-outbox-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(folder, recursive: true);

    private IvrApplication Create(string environment = "Testing") =>
        new(new() { ["Mail:OutboxDirectory"] = folder, ["Mail:Outbox:PollSeconds"] = "3600" }, s => s.AddMailComposer<InvitationLikeComposer>())
        {
            Environment = environment,
        };

    [Test]
    public async Task Without_an_smtp_host_a_message_is_written_once_as_an_eml_file_named_by_its_message_id()
    {
        using var app = Create();
        var response = await app.Ops().PostAsJsonAsync("/api/v1/mail/test", new { to = "ops@example.com" });
        var queued = (await response.Content.ReadFromJsonAsync<QueuedMail>(IvrApplication.Json))!;

        await app.DispatchAsync();
        await app.DispatchAsync();

        var record = await app.RecordAsync(queued.Id);
        var files = Directory.GetFiles(folder);
        var message = await MimeMessage.LoadAsync(files.Single());
        Assert.Multiple(() =>
        {
            Assert.That(Path.GetFileName(files.Single()), Is.EqualTo(record.MessageId + ".eml"));
            Assert.That(message.MessageId, Is.EqualTo(record.MessageId));
            Assert.That(message.To.Mailboxes.Single().Address, Is.EqualTo("ops@example.com"));
            Assert.That(message.Subject, Is.EqualTo("IvrGateway test message"));
            Assert.That(message.HtmlBody, Does.Contain("IvrGateway"));
            Assert.That(record.State, Is.EqualTo(OutboxStates.Sent));
        });
    }

    [Test]
    public async Task The_dev_page_lists_the_messages_and_shows_one_with_its_parts_and_attachments()
    {
        using var app = Create("Development");
        var queued = await app.Outbox().EnqueueAsync(new MailRequest("invitation-like", "inv:1", "ada@example.com", null, "{}"), app.Time.GetUtcNow());
        await app.DispatchAsync();
        var file = Path.GetFileName(Directory.GetFiles(folder).Single());

        var client = app.Client();
        var list = await client.GetAsync("/dev/outbox");
        var listHtml = await list.Content.ReadAsStringAsync();
        var show = await client.GetAsync("/dev/outbox/" + Uri.EscapeDataString(file));
        var showHtml = await show.Content.ReadAsStringAsync();
        var raw = await client.GetAsync("/dev/outbox/" + Uri.EscapeDataString(file) + "/raw");
        var missing = await client.GetAsync("/dev/outbox/nothing.eml");
        var escape = await client.GetAsync("/dev/outbox/..%2F..%2Fappsettings.json");
        var stylesheet = await client.GetAsync("/assets/site.css");

        Assert.Multiple(async () =>
        {
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(list.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(list.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'none'"));
            Assert.That(listHtml, Does.Contain("/assets/site.css"));
            Assert.That(stylesheet.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the dashboard's stylesheet is served without the ops sign-in");
            Assert.That(listHtml, Does.Contain("Invitation: Weekly sync"));
            Assert.That(listHtml, Does.Contain("ada@example.com"));
            Assert.That(show.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(showHtml, Does.Contain("Dial +15557650000"));
            Assert.That(showHtml, Does.Contain("sandbox=\"\""));
            Assert.That(showHtml, Does.Not.Contain("<script>"), "the HTML part is shown encoded inside a sandboxed frame");
            Assert.That(showHtml, Does.Contain("invite.ics"));
            Assert.That(showHtml, Does.Contain("text/calendar"));
            Assert.That(showHtml, Does.Contain((await app.RecordAsync(queued.Id)).MessageId));
            Assert.That(raw.Content.Headers.ContentType?.MediaType, Is.EqualTo("message/rfc822"));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(escape.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task The_dev_page_exists_only_in_development_and_elsewhere_the_folder_is_a_warning_at_start()
    {
        using var app = Create("Testing");

        var response = await app.Client().GetAsync("/dev/outbox");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(app.Logs.Lines, Has.Some.Contains("Mail:Smtp:Host is not set"));
    }
}
