using Microsoft.Extensions.Options;
using MimeKit;

namespace IvrGateway.Mail.Transport;

/// <summary>
/// With no SMTP host: each message becomes an <c>.eml</c> file in <c>Mail:OutboxDirectory</c>, named by
/// its Message-ID (a repeated send replaces the file), written beside and then moved into place so a
/// reader never sees half a message. <c>/dev/outbox</c> shows them.
/// </summary>
internal sealed class OutboxFolderTransport(OutboxFolder folder) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(folder.Path);
        var final = Path.Combine(folder.Path, OutboxFolder.FileName(message.MessageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId()));
        var temporary = final + ".tmp";
        await message.WriteToAsync(temporary, ct);
        File.Move(temporary, final, overwrite: true);
    }
}

/// <summary>The development outbox folder: where the folder transport writes and the dev page reads.</summary>
public sealed class OutboxFolder(IOptions<MailOptions> options, IHostEnvironment environment)
{
    public string Path { get; } = System.IO.Path.GetFullPath(options.Value.OutboxDirectory, environment.ContentRootPath);

    public static string FileName(string messageId) =>
        new string(messageId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@' ? c : '_').ToArray()) + ".eml";
}
