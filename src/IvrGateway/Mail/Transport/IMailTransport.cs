using MimeKit;

namespace IvrGateway.Mail.Transport;

/// <summary>Hands one finished message on: to the SMTP relay, or to the development outbox folder.</summary>
public interface IMailTransport
{
    /// <summary>Throws when the message was not accepted; <see cref="MailFailures"/> says whether trying again can help.</summary>
    Task SendAsync(MimeMessage message, CancellationToken ct);
}
