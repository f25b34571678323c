using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Polly;
using Polly.Registry;

namespace IvrGateway.Mail.Transport;

/// <summary>
/// MailKit over SMTP, one connection per message (a few messages per meeting do not need a pool),
/// through the <see cref="MailPipelines.Smtp"/> pipeline: a timeout per try and quick retries of
/// transient failures. Longer outages are the outbox's business: it retries with back-off.
/// </summary>
internal sealed class SmtpMailTransport(IOptions<MailOptions> options, ResiliencePipelineProvider<string> pipelines) : IMailTransport
{
    private readonly ResiliencePipeline pipeline = pipelines.GetPipeline(MailPipelines.Smtp);

    public async Task SendAsync(MimeMessage message, CancellationToken ct) =>
        await pipeline.ExecuteAsync(static async (state, token) =>
        {
            var smtp = state.Options.Smtp;
            using var client = new SmtpClient();
            // Port 465 speaks TLS from the first byte; anywhere else STARTTLS is required or, when switched off, not used.
            var security = smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : smtp.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None;
            await client.ConnectAsync(smtp.Host!, smtp.Port, security, token);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", token);
            }
            await client.SendAsync(state.Message, token);
            await client.DisconnectAsync(quit: true, token);
        }, (Options: options.Value, Message: message), ct);
}
