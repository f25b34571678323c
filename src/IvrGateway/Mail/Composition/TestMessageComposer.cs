using IvrGateway.Mail.Outbox;
using MimeKit;

namespace IvrGateway.Mail.Composition;

/// <summary>
/// The <c>test</c> message ops send from <c>POST /api/v1/mail/test</c> to check that mail from the
/// gateway reaches a mailbox: plain text and HTML, nothing secret. It has no subject to re-check.
/// </summary>
internal sealed class TestMessageComposer : IMailComposer
{
    public const string MessageKind = "test";

    public string Kind => MessageKind;

    public Task<Composition> ComposeAsync(OutboxRecord message, CancellationToken ct)
    {
        var body = new BodyBuilder
        {
            TextBody = "This is a test message from IvrGateway.\n\nIf you can read it, mail from the gateway reaches this address.\n",
            HtmlBody = "<!DOCTYPE html><html><body><p>This is a test message from <strong>IvrGateway</strong>.</p>"
                + "<p>If you can read it, mail from the gateway reaches this address.</p></body></html>",
        };
        var mime = new MimeMessage { Subject = "IvrGateway test message", Body = body.ToMessageBody() };
        return Task.FromResult<Composition>(mime);
    }
}
