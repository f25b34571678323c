using IvrGateway.Mail.Outbox;

namespace IvrGateway.Mail.Composition;

/// <summary>
/// Turns one kind of outbox message into the message to send, at send time. Features register one per
/// kind they enqueue (invitations, reminders, notices) with <c>AddMailComposer&lt;T&gt;()</c>.
/// </summary>
public interface IMailComposer
{
    /// <summary>The <see cref="OutboxRecord.Kind"/> this composer builds.</summary>
    string Kind { get; }

    /// <summary>
    /// The message, or why there is none. Enqueueing is outbox-first: a feature may enqueue before it writes
    /// what the message is about, so that a crash between the two loses no message; the composer therefore
    /// re-reads the subject here and answers <see cref="Composition.NotYet"/> when it may simply not be written
    /// yet, <see cref="Composition.Gone"/> when it never will be (superseded, cancelled, disabled).
    /// The outbox sets Message-ID, Date and, when the composer leaves them empty, From and To.
    /// </summary>
    Task<Composition> ComposeAsync(OutboxRecord message, CancellationToken ct);
}
