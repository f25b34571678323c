using IvrGateway.Infrastructure;
using IvrGateway.Mail.Composition;
using IvrGateway.Mail.Transport;
using Microsoft.Extensions.Options;
using MimeKit;

namespace IvrGateway.Mail.Outbox;

/// <summary>
/// One round of the outbox on one node: claim a due message (a lease in Redis, so two nodes never
/// hold the same one), compose it, send it, mark it; then the next, up to the batch size. A message
/// is sent once; the rare exception is a node that sent and then could not mark (Redis gone, or its
/// lease taken over after a send slower than the lease): the next holder sends it again under the
/// same Message-ID, which mail clients recognise.
/// </summary>
public sealed class OutboxDispatcher(
    OutboxStore store, MailComposers composers, IMailTransport transport, IOptions<MailOptions> options, TimeProvider clock, MailMetrics metrics,
    ILogger<OutboxDispatcher> logger)
{
    /// <summary>A message waiting for its subject is due again after this (and claimed at the next poll of any node).</summary>
    private static readonly TimeSpan SubjectLookAgain = TimeSpan.FromSeconds(1);

    /// <summary>The metric outcome of a look that found the subject not written yet (the message stays pending: not a state).</summary>
    private const string WaitingForSubject = "waiting";

    /// <summary>Sends what is due now; answers how many messages it claimed.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct = default)
    {
        var claimed = 0;
        for (var i = 0; i < options.Value.Outbox.BatchSize; i++)
        {
            var outcome = await store.ClaimAsync(clock.GetUtcNow(), ct);
            if (outcome.DeadLettered is { } dead)
            {
                metrics.Handled("unknown", OutboxStates.Dead);
                MailLog.LeaseExpiredOnLastTry(logger, dead);
            }
            if (outcome.Claim is not { } claim)
            {
                if (outcome.LookAgain)
                {
                    continue;
                }
                break;
            }
            claimed++;
            await HandleAsync(claim, ct);
        }
        return claimed;
    }

    private async Task HandleAsync(OutboxClaim claim, CancellationToken ct)
    {
        var message = claim.Message;
        if (claim.Reclaimed)
        {
            MailLog.Reclaimed(logger, message.Id, message.Kind, message.Attempts);
        }
        if (composers.Find(message.Kind) is not { } composer)
        {
            await store.MarkDeadAsync(claim, clock.GetUtcNow(), $"No composer for the kind '{message.Kind}'.", ct);
            metrics.Handled(message.Kind, OutboxStates.Dead);
            MailLog.NoComposer(logger, message.Id, message.Kind);
            return;
        }
        try
        {
            var composed = await composer.ComposeAsync(message, ct);
            if (composed.Message is not { } mime)
            {
                var now = clock.GetUtcNow();
                if (composed.SubjectPending && now < DateTimeOffset.FromUnixTimeMilliseconds(message.CreatedAt) + options.Value.Outbox.SubjectWait)
                {
                    await store.MarkWaitingForSubjectAsync(claim, now, now + SubjectLookAgain, ct);
                    metrics.Handled(message.Kind, WaitingForSubject);
                    MailLog.WaitingForSubject(logger, message.Id, message.Kind, message.SubjectId);
                    return;
                }
                await store.MarkDroppedAsync(claim, now, ct);
                metrics.Handled(message.Kind, OutboxStates.Dropped);
                MailLog.Dropped(logger, message.Id, message.Kind, message.SubjectId);
                return;
            }
            Stamp(mime, message);
            await transport.SendAsync(mime, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The node is stopping: give the message back at once rather than after the lease.
            await store.MarkFailedAsync(claim, clock.GetUtcNow(), clock.GetUtcNow(), "Interrupted: the node stopped while sending.", CancellationToken.None);
            throw;
        }
        catch (Exception e) when (e is not StoreUnavailableException)
        {
            await FailAsync(claim, e, ct);
            return;
        }
        if (await store.MarkSentAsync(claim, clock.GetUtcNow(), ct))
        {
            metrics.Handled(message.Kind, OutboxStates.Sent);
            MailLog.Sent(logger, message.Id, message.Kind, message.Attempts);
        }
        else
        {
            MailLog.SentAfterLeaseLost(logger, message.Id, message.Kind);
        }
    }

    private async Task FailAsync(OutboxClaim claim, Exception e, CancellationToken ct)
    {
        var message = claim.Message;
        var error = MailFailures.Describe(e);
        var now = clock.GetUtcNow();
        if (MailFailures.IsPermanent(e) || message.Attempts >= options.Value.Outbox.MaxAttempts)
        {
            await store.MarkDeadAsync(claim, now, error, ct);
            metrics.Handled(message.Kind, OutboxStates.Dead);
            MailLog.DeadLettered(logger, message.Id, message.Kind, message.Attempts, error);
            return;
        }
        var retryAt = now + options.Value.Outbox.RetryDelay(message.Attempts);
        await store.MarkFailedAsync(claim, now, retryAt, error, ct);
        metrics.Handled(message.Kind, "retry");
        MailLog.WillRetry(logger, message.Id, message.Kind, message.Attempts, error, retryAt);
    }

    /// <summary>The outbox's own headers: the stable Message-ID (so a rare second send is recognisable), the date, the envelope.</summary>
    private void Stamp(MimeMessage mime, OutboxRecord message)
    {
        mime.MessageId = message.MessageId;
        mime.Date = clock.GetUtcNow();
        if (mime.From.Count == 0)
        {
            mime.From.Add(options.Value.Sender);
        }
        if (mime.To.Count == 0 && message.Recipient is { } recipient)
        {
            mime.To.Add(MailboxAddress.Parse(recipient));
        }
    }
}

/// <summary>The outbox's log lines: message ids and kinds, never an address, a subject line or a body.</summary>
internal static partial class MailLog
{
    [LoggerMessage(LogLevel.Information, "Mail {MessageId} ({Kind}) sent on try {Attempt}")]
    public static partial void Sent(ILogger logger, string messageId, string kind, int attempt);

    [LoggerMessage(LogLevel.Warning, "Mail {MessageId} ({Kind}) try {Attempt} failed: {Error}; next try at {RetryAt:O}")]
    public static partial void WillRetry(ILogger logger, string messageId, string kind, int attempt, string error, DateTimeOffset retryAt);

    [LoggerMessage(LogLevel.Error, "Mail {MessageId} ({Kind}) dead-lettered after try {Attempt}: {Error}")]
    public static partial void DeadLettered(ILogger logger, string messageId, string kind, int attempt, string error);

    [LoggerMessage(LogLevel.Error, "Mail {MessageId} dead-lettered: its lease expired on the last try")]
    public static partial void LeaseExpiredOnLastTry(ILogger logger, string messageId);

    [LoggerMessage(LogLevel.Error, "Mail {MessageId} dead-lettered: no composer for the kind {Kind}")]
    public static partial void NoComposer(ILogger logger, string messageId, string kind);

    [LoggerMessage(LogLevel.Information, "Mail {MessageId} ({Kind}) dropped: its subject {SubjectId} no longer exists")]
    public static partial void Dropped(ILogger logger, string messageId, string kind, string? subjectId);

    [LoggerMessage(LogLevel.Debug, "Mail {MessageId} ({Kind}) waits for its subject {SubjectId} to be written")]
    public static partial void WaitingForSubject(ILogger logger, string messageId, string kind, string? subjectId);

    [LoggerMessage(LogLevel.Warning, "Mail {MessageId} ({Kind}) taken over after its lease expired (try {Attempt})")]
    public static partial void Reclaimed(ILogger logger, string messageId, string kind, int attempt);

    [LoggerMessage(LogLevel.Warning, "Mail {MessageId} ({Kind}) was sent after its lease had been taken over; it may go out twice under the same Message-ID")]
    public static partial void SentAfterLeaseLost(ILogger logger, string messageId, string kind);
}
