namespace IvrGateway.Mail.Outbox;

/// <summary>
/// One message in the outbox, as stored (JSON, camelCase, times in Unix milliseconds). It holds what
/// the composer needs to find the message's subject again, never the secrets it will print: those
/// are read when the message is composed, so nothing secret waits in the outbox.
/// </summary>
public sealed record OutboxRecord(
    string Id,
    string MessageId,
    string Kind,
    string IdempotencyKey,
    string IdemHash,
    string? Recipient,
    string? SubjectId,
    string Payload,
    long CreatedAt,
    long DueAt,
    int Attempts,
    string State,
    string? Lease = null,
    string? LastError = null,
    long? LastAttemptAt = null,
    long? DoneAt = null);

/// <summary>The states of an outbox message; the scripts get these words from here.</summary>
public static class OutboxStates
{
    /// <summary>Waiting for its due time (first try or a retry).</summary>
    public const string Pending = "pending";

    /// <summary>Claimed by a worker until its lease expires.</summary>
    public const string Leased = "leased";

    public const string Sent = "sent";

    /// <summary>Gave up after the last try, or could not be composed at all; ops may retry it.</summary>
    public const string Dead = "dead";

    /// <summary>Its subject no longer exists (a meeting cancelled or never stored): not sent.</summary>
    public const string Dropped = "dropped";
}
