using MimeKit;

namespace IvrGateway.Mail.Composition;

/// <summary>
/// What a composer made of an outbox message: the message to send, or nothing because its subject is not written yet
/// (<see cref="NotYet"/>: enqueueing is outbox-first, so the outbox looks again for up to Mail:Outbox:SubjectWaitSeconds), or
/// nothing because it is gone for good (<see cref="Gone"/>: dropped at once, without costing Redis another minute of looks).
/// </summary>
public sealed record Composition(MimeMessage? Message, bool SubjectPending)
{
    public static Composition Gone { get; } = new(null, false);

    public static Composition NotYet { get; } = new(null, true);

    public static implicit operator Composition(MimeMessage message) => new(message, false);
}
