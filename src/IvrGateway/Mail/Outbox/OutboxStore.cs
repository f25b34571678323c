using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace IvrGateway.Mail.Outbox;

/// <summary>A claimed message and the lease token that alone may end the claim.</summary>
public sealed record OutboxClaim(OutboxRecord Message, string Token, bool Reclaimed);

/// <summary>What a claim found: a message, nothing due, or a message taken off the queue without being handed out.</summary>
public sealed record ClaimOutcome(OutboxClaim? Claim, bool LookAgain, string? DeadLettered);

/// <summary>
/// The one owner of the outbox's Redis slot, <c>{mail}</c>: the messages (a hash of JSON records), the
/// idempotency index, and the due, leased, dead and done sets. Every key shares the one hash tag, so
/// each step is one atomic script; in a Redis Cluster the whole outbox lives on one shard, which is
/// plenty at a few messages per meeting. No other class builds these keys or reads their values.
/// </summary>
public sealed class OutboxStore(RedisRunner redis, RedisKeyspace keys, IOptions<MailOptions> options)
{
    private const string Tag = "mail";

    /// <summary>Sent messages trimmed per completion at most, so one script never runs long.</summary>
    private const int TrimLimit = 50;

    internal const string LeaseExpiredError = "The lease expired on the last try: the worker stopped while sending.";

    private static readonly OutboxStateWords States =
        new(OutboxStates.Pending, OutboxStates.Leased, OutboxStates.Sent, OutboxStates.Dead, OutboxStates.Dropped);

    private static readonly LuaScript<EnqueueArgs, EnqueueReply> EnqueueScript = new("outbox_enqueue", OutboxJson.Default.EnqueueArgs, OutboxJson.Default.EnqueueReply);

    private static readonly LuaScript<ClaimArgs, ClaimReply> ClaimScript = new("outbox_claim", OutboxJson.Default.ClaimArgs, OutboxJson.Default.ClaimReply);

    private static readonly LuaScript<CompleteArgs, CompleteReply> CompleteScript =
        new("outbox_complete", OutboxJson.Default.CompleteArgs, OutboxJson.Default.CompleteReply);

    private static readonly LuaScript<RetryArgs, RetryReply> RetryScript = new("outbox_retry", OutboxJson.Default.RetryArgs, OutboxJson.Default.RetryReply);

    private RedisKey Messages => keys.Key(Tag, "messages");

    private RedisKey Idempotency => keys.Key(Tag, "idem");

    private RedisKey Due => keys.Key(Tag, "due");

    private RedisKey Leased => keys.Key(Tag, "leased");

    private RedisKey Dead => keys.Key(Tag, "dead");

    private RedisKey Done => keys.Key(Tag, "done");

    /// <summary>
    /// Stores a message to send at its due time (now when none). The same idempotency key stores it once:
    /// after a timeout (<see cref="StoreUnavailableException"/>) the caller repeats the call and gets the one message.
    /// Features enqueue before they write the subject (outbox-first), so a crash between the two loses no
    /// message; a message about a subject that was then never written is dropped by its composer at send time.
    /// </summary>
    public async Task<EnqueueResult> EnqueueAsync(MailRequest request, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyKey);
        var id = Ids.New("mail");
        var record = new OutboxRecord(id, id + "@" + options.Value.Sender.Domain, request.Kind, request.IdempotencyKey, HashKey(request.IdempotencyKey),
            request.Recipient, request.SubjectId, request.Payload, now.ToUnixTimeMilliseconds(), (request.DueAt ?? now).ToUnixTimeMilliseconds(), 0,
            OutboxStates.Pending);
        var reply = await EnqueueScript.WriteAsync(redis, [Messages, Idempotency, Due], new EnqueueArgs(record), ct);
        return new EnqueueResult(reply.Id, reply.Created);
    }

    /// <summary>Claims one due message (or one whose lease expired) until <c>now + lease</c>, under a new token.</summary>
    public async Task<ClaimOutcome> ClaimAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var o = options.Value.Outbox;
        var token = Ids.Token(12);
        var reply = await ClaimScript.WriteAsync(redis, [Messages, Due, Leased, Dead],
            new ClaimArgs(now.ToUnixTimeMilliseconds(), (now + o.Lease).ToUnixTimeMilliseconds(), token, o.MaxAttempts, LeaseExpiredError, States), ct);
        return reply is { Found: true, Record: { } record }
            ? new ClaimOutcome(new OutboxClaim(record, token, reply.Reclaimed), LookAgain: true, null)
            : new ClaimOutcome(null, reply.Skipped, reply.DeadLettered);
    }

    /// <summary>Sent: kept for the retention, then trimmed with its idempotency key. False when the lease was no longer this claim's.</summary>
    public Task<bool> MarkSentAsync(OutboxClaim claim, DateTimeOffset now, CancellationToken ct = default) =>
        CompleteAsync(claim, now, OutboxStates.Sent, dueAt: null, error: null, ct);

    /// <summary>Not sent because its subject is gone (outbox-first: the meeting was never stored, or was cancelled).</summary>
    public Task<bool> MarkDroppedAsync(OutboxClaim claim, DateTimeOffset now, CancellationToken ct = default) =>
        CompleteAsync(claim, now, OutboxStates.Dropped, dueAt: null, error: null, ct);

    /// <summary>Back in the queue until <paramref name="retryAt"/>, with the error (no secrets: the caller makes it from types and codes).</summary>
    public Task<bool> MarkFailedAsync(OutboxClaim claim, DateTimeOffset now, DateTimeOffset retryAt, string error, CancellationToken ct = default) =>
        CompleteAsync(claim, now, OutboxStates.Pending, retryAt.ToUnixTimeMilliseconds(), error, ct);

    public Task<bool> MarkDeadAsync(OutboxClaim claim, DateTimeOffset now, string error, CancellationToken ct = default) =>
        CompleteAsync(claim, now, OutboxStates.Dead, dueAt: null, error, ct);

    /// <summary>Back in the queue until <paramref name="lookAgainAt"/>: its subject is not written yet. Not counted as a try.</summary>
    public Task<bool> MarkWaitingForSubjectAsync(OutboxClaim claim, DateTimeOffset now, DateTimeOffset lookAgainAt, CancellationToken ct = default) =>
        CompleteAsync(claim, now, OutboxStates.Pending, lookAgainAt.ToUnixTimeMilliseconds(), error: null, ct, untried: true);

    private async Task<bool> CompleteAsync(OutboxClaim claim, DateTimeOffset now, string outcome, long? dueAt, string? error, CancellationToken ct,
        bool untried = false)
    {
        var trimBefore = (now - TimeSpan.FromDays(options.Value.Outbox.SentRetentionDays)).ToUnixTimeMilliseconds();
        var reply = await CompleteScript.WriteAsync(redis, [Messages, Idempotency, Due, Leased, Dead, Done],
            new CompleteArgs(claim.Message.Id, claim.Token, now.ToUnixTimeMilliseconds(), outcome, dueAt, error, trimBefore, TrimLimit, States, untried), ct);
        return reply.Applied;
    }

    /// <summary>A dead letter back in the queue, due now. Null when there is no such message; otherwise its state after the call.</summary>
    public async Task<string?> RetryDeadAsync(string id, DateTimeOffset now, CancellationToken ct = default)
    {
        var reply = await RetryScript.WriteAsync(redis, [Messages, Dead, Due], new RetryArgs(id, now.ToUnixTimeMilliseconds(), States), ct);
        return reply.Found ? reply.State : null;
    }

    /// <summary>The newest dead letters first, and how many there are in all.</summary>
    public async Task<(IReadOnlyList<OutboxRecord> Messages, long Total)> DeadLettersAsync(int limit, CancellationToken ct = default)
    {
        var (ids, total) = await redis.ReadAsync((Dead, limit), static async (db, s) =>
            (await db.SortedSetRangeByRankAsync(s.Dead, 0, s.limit - 1, Order.Descending), await db.SortedSetLengthAsync(s.Dead)), ct);
        return (await ReadAsync(ids, ct), total);
    }

    /// <summary>One message by id, in whatever state it is.</summary>
    public async Task<OutboxRecord?> FindAsync(string id, CancellationToken ct = default) =>
        (await ReadAsync([id], ct)).SingleOrDefault();

    private async Task<IReadOnlyList<OutboxRecord>> ReadAsync(RedisValue[] ids, CancellationToken ct)
    {
        if (ids.Length == 0)
        {
            return [];
        }
        var values = await redis.ReadAsync((Messages, ids), static (db, s) => db.HashGetAsync(s.Messages, s.ids), ct);
        return values.Where(v => v.HasValue).Select(v => JsonSerializer.Deserialize((byte[])v!, OutboxJson.Default.OutboxRecord)!).ToList();
    }

    // The key may name a recipient; the index holds only its hash, so no address appears in a key name.
    private static string HashKey(string idempotencyKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));
}
