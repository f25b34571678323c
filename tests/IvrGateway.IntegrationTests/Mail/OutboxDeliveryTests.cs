using System.Net;
using System.Net.Http.Json;
using IvrGateway.Mail;
using IvrGateway.Mail.Outbox;
using SmtpServer.Protocol;

namespace IvrGateway.IntegrationTests.Mail;

/// <summary>The outbox against a real SMTP server in the test process and the test Redis: each message arrives once.</summary>
public sealed class OutboxDeliveryTests : SmtpFixture
{
    [Test]
    public async Task A_test_message_from_the_api_arrives_once_as_text_and_html_under_its_stable_message_id()
    {
        using var app = MailApps.Create(smtp, new() { ["Mail:Outbox:PollSeconds"] = "5" });

        var response = await app.Ops().PostAsJsonAsync("/api/v1/mail/test", new { to = "ops@example.com" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var queued = (await response.Content.ReadFromJsonAsync<QueuedMail>(IvrApplication.Json))!;
        // The worker on its poll of the test clock, not a test calling the dispatcher.
        app.Time.Advance(TimeSpan.FromSeconds(5));
        var received = await smtp.WaitForAsync(1);
        app.Time.Advance(TimeSpan.FromSeconds(5));
        await app.DispatchAsync();

        var record = await app.RecordAsync(queued.Id);
        var message = received.Single();
        Assert.Multiple(() =>
        {
            Assert.That(smtp.Messages, Has.Count.EqualTo(1));
            Assert.That(message.MessageId, Is.EqualTo(record.MessageId));
            Assert.That(message.MessageId, Does.EndWith("@gateway.example.com"));
            Assert.That(message.To.Mailboxes.Single().Address, Is.EqualTo("ops@example.com"));
            Assert.That(message.From.Mailboxes.Single().Address, Is.EqualTo("meetings@gateway.example.com"));
            Assert.That(message.Subject, Is.EqualTo("IvrGateway test message"));
            Assert.That(message.TextBody, Does.Contain("test message from IvrGateway"));
            Assert.That(message.HtmlBody, Does.Contain("<strong>IvrGateway</strong>"));
            Assert.That(message.Date, Is.EqualTo(app.Time.GetUtcNow()).Within(TimeSpan.FromSeconds(11)));
            Assert.That(record.State, Is.EqualTo(OutboxStates.Sent));
            Assert.That(record.Attempts, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task The_same_idempotency_key_enqueued_twice_is_stored_and_sent_once()
    {
        using var app = MailApps.Create(smtp);

        var first = await app.EnqueueTestAsync("ada@example.com", key: "mtg_x:invitation:ada@example.com:0");
        var second = await app.EnqueueTestAsync("ada@example.com", key: "mtg_x:invitation:ada@example.com:0");
        await app.DispatchAsync();
        await smtp.WaitForAsync(1);
        var third = await app.EnqueueTestAsync("ada@example.com", key: "mtg_x:invitation:ada@example.com:0");
        await app.DispatchAsync();

        Assert.Multiple(() =>
        {
            Assert.That(first.Created, Is.True);
            Assert.That(second, Is.EqualTo(first with { Created = false }));
            Assert.That(third, Is.EqualTo(first with { Created = false }), "a sent message keeps its key for the retention");
            Assert.That(smtp.Messages, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task While_smtp_is_down_the_message_waits_with_back_off_and_arrives_once_when_it_is_back()
    {
        using var app = MailApps.Create(smtp);
        smtp.Stop();

        var queued = await app.EnqueueTestAsync("ada@example.com");
        await app.DispatchAsync();
        var afterFirst = await app.RecordAsync(queued.Id);
        app.Time.Advance(TimeSpan.FromSeconds(59));
        var tooEarly = await app.DispatchAsync();
        app.Time.Advance(TimeSpan.FromSeconds(1));
        await app.DispatchAsync();
        var afterSecond = await app.RecordAsync(queued.Id);
        smtp.Launch();
        app.Time.Advance(TimeSpan.FromSeconds(119));
        var stillWaiting = await app.DispatchAsync();
        app.Time.Advance(TimeSpan.FromSeconds(1));
        await app.DispatchAsync();
        await smtp.WaitForAsync(1);
        app.Time.Advance(TimeSpan.FromMinutes(10));
        await app.DispatchAsync();

        var sent = await app.RecordAsync(queued.Id);
        Assert.Multiple(() =>
        {
            Assert.That(afterFirst.State, Is.EqualTo(OutboxStates.Pending));
            Assert.That(afterFirst.Attempts, Is.EqualTo(1));
            Assert.That(afterFirst.LastError, Does.StartWith("No connection to the SMTP server"));
            Assert.That(afterFirst.DueAt, Is.EqualTo(afterFirst.LastAttemptAt + 60_000), "one minute after the first try");
            Assert.That(tooEarly, Is.Zero);
            Assert.That(afterSecond.Attempts, Is.EqualTo(2));
            Assert.That(afterSecond.DueAt, Is.EqualTo(afterSecond.LastAttemptAt + 120_000), "the wait doubles");
            Assert.That(stillWaiting, Is.Zero);
            Assert.That(sent.State, Is.EqualTo(OutboxStates.Sent));
            Assert.That(sent.Attempts, Is.EqualTo(3));
            Assert.That(smtp.Messages, Has.Count.EqualTo(1));
            Assert.That(smtp.Messages[0].MessageId, Is.EqualTo(sent.MessageId));
        });
    }

    [Test]
    public async Task Two_gateway_nodes_on_one_redis_send_every_message_exactly_once()
    {
        var overrides = new Dictionary<string, string?> { ["Mail:Outbox:BatchSize"] = "100" };
        using var first = MailApps.Create(smtp, overrides);
        using var second = MailApps.Create(smtp, overrides, keyPrefix: first.KeyPrefix);
        var queued = new List<EnqueueResult>();
        for (var i = 0; i < 40; i++)
        {
            queued.Add(await (i % 2 == 0 ? first : second).EnqueueTestAsync($"guest{i}@example.com"));
        }

        // Four rounds on each node at once (besides each worker's own round at start-up, which competes too).
        var rounds = Enumerable.Range(0, 4).SelectMany(_ => new[] { Task.Run(first.DispatchAsync), Task.Run(second.DispatchAsync) });
        await Task.WhenAll(rounds);
        await smtp.WaitForAsync(40);
        await Task.WhenAll(first.DispatchAsync(), second.DispatchAsync());

        var records = await Task.WhenAll(queued.Select(q => first.RecordAsync(q.Id)));
        Assert.Multiple(() =>
        {
            Assert.That(smtp.Messages.Select(m => m.MessageId), Is.EquivalentTo(records.Select(r => r.MessageId)));
            Assert.That(smtp.Messages.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count(), Is.EqualTo(40));
            Assert.That(records.Select(r => r.Attempts), Is.All.EqualTo(1));
            Assert.That(records.Select(r => r.State), Is.All.EqualTo(OutboxStates.Sent));
        });
    }

    [Test]
    public async Task A_claim_that_is_never_marked_is_taken_over_by_another_node_once_its_lease_expires()
    {
        using var first = MailApps.Create(smtp);
        using var second = MailApps.Create(smtp, keyPrefix: first.KeyPrefix);
        var queued = await first.EnqueueTestAsync("ada@example.com");

        // The first node claims the message and is "killed" before it sends or marks anything.
        var killed = await first.Outbox().ClaimAsync(first.Time.GetUtcNow());
        var whileLeased = await second.DispatchAsync();
        second.Time.Advance(TimeSpan.FromSeconds(61));
        var takenOver = await second.DispatchAsync();
        await smtp.WaitForAsync(1);
        var lateMark = await first.Outbox().MarkSentAsync(killed.Claim!, first.Time.GetUtcNow());
        second.Time.Advance(TimeSpan.FromMinutes(5));
        await second.DispatchAsync();

        var record = await first.RecordAsync(queued.Id);
        Assert.Multiple(() =>
        {
            Assert.That(killed.Claim!.Message.Id, Is.EqualTo(queued.Id));
            Assert.That(whileLeased, Is.Zero, "a message under a live lease is nobody else's");
            Assert.That(takenOver, Is.EqualTo(1));
            Assert.That(lateMark, Is.False, "a lease that was taken over cannot be marked by its old holder");
            Assert.That(smtp.Messages, Has.Count.EqualTo(1));
            Assert.That(record.State, Is.EqualTo(OutboxStates.Sent));
            Assert.That(record.Attempts, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_lease_that_expires_on_the_last_try_dead_letters_the_message()
    {
        using var app = MailApps.Create(smtp, new() { ["Mail:Outbox:MaxAttempts"] = "1" });
        var queued = await app.EnqueueTestAsync("ada@example.com");

        await app.Outbox().ClaimAsync(app.Time.GetUtcNow());
        app.Time.Advance(TimeSpan.FromSeconds(61));
        var claimed = await app.DispatchAsync();

        var record = await app.RecordAsync(queued.Id);
        Assert.Multiple(() =>
        {
            Assert.That(claimed, Is.Zero);
            Assert.That(record.State, Is.EqualTo(OutboxStates.Dead));
            Assert.That(record.LastError, Is.EqualTo(OutboxStore.LeaseExpiredError));
            Assert.That(smtp.Messages, Is.Empty);
        });
    }

    [Test]
    public async Task After_the_last_try_the_message_is_a_dead_letter_ops_can_list_and_retry()
    {
        using var app = MailApps.Create(smtp, new() { ["Mail:Outbox:MaxAttempts"] = "3" });
        smtp.Stop();
        var queued = await app.EnqueueTestAsync("ada@example.com");
        await app.DispatchAsync();
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await app.DispatchAsync();
        app.Time.Advance(TimeSpan.FromMinutes(2));
        await app.DispatchAsync();
        app.Time.Advance(TimeSpan.FromMinutes(30));
        var afterDeath = await app.DispatchAsync();

        var page = await app.Ops().GetFromJsonAsync<DeadLetterPage>("/api/v1/mail/dead-letters", IvrApplication.Json);
        var organizer = await app.NewOrganizerAsync();
        var forbidden = await organizer.Http.GetAsync("/api/v1/mail/dead-letters");
        smtp.Launch();
        var retry = await app.Ops().PostAsync($"/api/v1/mail/dead-letters/{queued.Id}/retry", null);
        await app.DispatchAsync();
        await smtp.WaitForAsync(1);
        var again = await app.Ops().PostAsync($"/api/v1/mail/dead-letters/{queued.Id}/retry", null);
        var unknown = await app.Ops().PostAsync("/api/v1/mail/dead-letters/mail_aaaaaaaaaaaaaaaa/retry", null);
        var after = await app.Ops().GetFromJsonAsync<DeadLetterPage>("/api/v1/mail/dead-letters", IvrApplication.Json);

        var dead = page!.DeadLetters.Single();
        Assert.Multiple(() =>
        {
            Assert.That(afterDeath, Is.Zero, "a dead letter is not tried again by itself");
            Assert.That(page.Total, Is.EqualTo(1));
            Assert.That(dead.Id, Is.EqualTo(queued.Id));
            Assert.That(dead.Kind, Is.EqualTo("test"));
            Assert.That(dead.Recipient, Is.EqualTo("ada@example.com"));
            Assert.That(dead.Attempts, Is.EqualTo(3));
            Assert.That(dead.LastError, Does.StartWith("No connection to the SMTP server"));
            Assert.That(dead.DeadAt, Is.Not.Null);
            Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(smtp.Messages, Has.Count.EqualTo(1));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(again.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(after!.DeadLetters, Is.Empty);
        });
    }

    [Test]
    public async Task A_permanent_refusal_dead_letters_at_once_with_the_smtp_code_and_no_server_text()
    {
        using var app = MailApps.Create(smtp);
        smtp.Refusal = new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "mailbox ada@example.com unavailable");
        var queued = await app.EnqueueTestAsync("ada@example.com");

        await app.DispatchAsync();

        var record = await app.RecordAsync(queued.Id);
        Assert.Multiple(() =>
        {
            Assert.That(record.State, Is.EqualTo(OutboxStates.Dead));
            Assert.That(record.Attempts, Is.EqualTo(1));
            Assert.That(record.LastError, Does.StartWith("SMTP 550"));
            Assert.That(record.LastError, Does.Not.Contain("ada@"));
            Assert.That(app.Logs.All, Does.Not.Contain("ada@example.com"));
        });
    }

    [TestCase("limit=0")]
    [TestCase("limit=501")]
    [TestCase("limit=ten")]
    public async Task A_bad_limit_is_a_validation_problem_naming_it(string query)
    {
        using var app = MailApps.Create(smtp);

        var response = await app.Ops().GetAsync("/api/v1/mail/dead-letters?" + query);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("limit"));
    }

    [Test]
    public async Task A_test_message_needs_an_address()
    {
        using var app = MailApps.Create(smtp);

        var response = await app.Ops().PostAsJsonAsync("/api/v1/mail/test", new { to = "not an address" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"to\""));
    }
}
