namespace IvrGateway.Mail.Outbox;

/// <summary>
/// A message to send. <paramref name="IdempotencyKey"/> names it for good (for example
/// <c>meetingId:kind:recipient:sequence</c>): enqueueing the same key again stores nothing new, so a
/// caller that is unsure whether its enqueue landed may simply repeat it. <paramref name="Payload"/>
/// is the composer's own JSON, references rather than secrets; <paramref name="SubjectId"/> is what
/// the composer checks still exists before the message goes out.
/// </summary>
public sealed record MailRequest(string Kind, string IdempotencyKey, string? Recipient, string? SubjectId, string Payload, DateTimeOffset? DueAt = null);

/// <summary>The stored message's id and whether this call stored it (false: the key was already there).</summary>
public sealed record EnqueueResult(string Id, bool Created);
