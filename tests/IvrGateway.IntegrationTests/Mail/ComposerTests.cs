using IvrGateway.Mail;
using IvrGateway.Mail.Composition;
using IvrGateway.Mail.Outbox;
using MimeKit;

namespace IvrGateway.IntegrationTests.Mail;

/// <summary>Composers plug in by kind; the worker re-checks the subject through them before it sends (outbox-first).</summary>
public sealed class ComposerTests : SmtpFixture
{
    /// <summary>A notice about a subject that exists only while its id is not "gone", and not before it is <see cref="Written"/> when it is "later".</summary>
    private sealed class NoticeComposer : IMailComposer
    {
        public static bool Written { get; set; }

        public string Kind => "notice";

        public Task<Composition> ComposeAsync(OutboxRecord message, CancellationToken ct) =>
            Task.FromResult(message.SubjectId == "gone" ? Composition.Gone
                : message.SubjectId == "later" && !Written ? Composition.NotYet
                : new MimeMessage { Subject = "Notice about " + message.SubjectId, Body = new TextPart("plain") { Text = message.Payload } });
    }

    [Test]
    public async Task A_message_whose_subject_is_gone_for_good_is_dropped_at_the_first_look_not_sent()
    {
        using var app = MailApps.Create(smtp, services: s => s.AddMailComposer<NoticeComposer>());
        var gone = await app.Outbox().EnqueueAsync(new MailRequest("notice", "notice:gone", "ada@example.com", "gone", "{}"), app.Time.GetUtcNow());
        var kept = await app.Outbox().EnqueueAsync(new MailRequest("notice", "notice:mtg_1", "ada@example.com", "mtg_1", "hello"), app.Time.GetUtcNow());

        // Only a subject that may not be written yet is looked at again (for Mail:Outbox:SubjectWaitSeconds); one the
        // composer knows is gone (superseded, cancelled) costs no further looks.
        await app.DispatchAsync();
        await smtp.WaitForAsync(1);

        Assert.Multiple(async () =>
        {
            Assert.That((await app.RecordAsync(gone.Id)).State, Is.EqualTo(OutboxStates.Dropped));
            Assert.That((await app.RecordAsync(kept.Id)).State, Is.EqualTo(OutboxStates.Sent));
            Assert.That(smtp.Messages.Single().Subject, Is.EqualTo("Notice about mtg_1"));
            Assert.That(smtp.Messages.Single().TextBody, Is.EqualTo("hello"));
        });
    }

    [Test]
    public async Task A_message_whose_subject_is_not_written_yet_waits_for_it_instead_of_being_dropped()
    {
        // Outbox-first: a feature enqueues, then writes its subject; a node polling in between must not lose the message.
        NoticeComposer.Written = false;
        using var app = MailApps.Create(smtp, services: s => s.AddMailComposer<NoticeComposer>());
        var queued = await app.Outbox().EnqueueAsync(new MailRequest("notice", "notice:later", "ada@example.com", "later", "hello"), app.Time.GetUtcNow());

        var early = await app.DispatchAsync();
        var waiting = await app.RecordAsync(queued.Id);
        NoticeComposer.Written = true;
        app.Time.Advance(TimeSpan.FromSeconds(1));
        await app.DispatchAsync();
        await smtp.WaitForAsync(1);

        var sent = await app.RecordAsync(queued.Id);
        Assert.Multiple(() =>
        {
            Assert.That(early, Is.EqualTo(1), "it was looked at before its subject was written");
            Assert.That(waiting.State, Is.EqualTo(OutboxStates.Pending));
            Assert.That(waiting.Attempts, Is.Zero, "looking for a subject that is not there yet is not a try");
            Assert.That(sent.State, Is.EqualTo(OutboxStates.Sent));
            Assert.That(sent.Attempts, Is.EqualTo(1));
            Assert.That(smtp.Messages.Single().Subject, Is.EqualTo("Notice about later"));
        });
    }

    [Test]
    public async Task A_kind_without_a_composer_is_dead_lettered_at_once()
    {
        using var app = MailApps.Create(smtp);
        var queued = await app.Outbox().EnqueueAsync(new MailRequest("unheard-of", "x:1", "ada@example.com", null, "{}"), app.Time.GetUtcNow());

        await app.DispatchAsync();

        var record = await app.RecordAsync(queued.Id);
        Assert.Multiple(() =>
        {
            Assert.That(record.State, Is.EqualTo(OutboxStates.Dead));
            Assert.That(record.LastError, Does.Contain("No composer for the kind 'unheard-of'"));
            Assert.That(smtp.Messages, Is.Empty);
        });
    }

    [Test]
    public async Task A_message_due_later_waits_for_its_time()
    {
        using var app = MailApps.Create(smtp);
        var queued = await app.Outbox().EnqueueAsync(
            new MailRequest("test", "reminder:1", "ada@example.com", null, "{}", DueAt: app.Time.GetUtcNow().AddMinutes(15)), app.Time.GetUtcNow());

        var early = await app.DispatchAsync();
        app.Time.Advance(TimeSpan.FromMinutes(15));
        var onTime = await app.DispatchAsync();

        await smtp.WaitForAsync(1);
        Assert.Multiple(async () =>
        {
            Assert.That(early, Is.Zero);
            Assert.That(onTime, Is.EqualTo(1));
            Assert.That((await app.RecordAsync(queued.Id)).State, Is.EqualTo(OutboxStates.Sent));
        });
    }
}
