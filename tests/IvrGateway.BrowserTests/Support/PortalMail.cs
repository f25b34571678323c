using System.Text.RegularExpressions;
using MimeKit;

namespace IvrGateway.BrowserTests.Support;

/// <summary>
/// The mail the browser tests' gateway sent. It runs without SMTP, so its outbox worker writes each message as an .eml file
/// into the outbox folder under its content root (<c>src/IvrGateway/.data/outbox</c>); a test reads the message it caused.
/// </summary>
internal static partial class PortalMail
{
    private static string Folder => Path.Combine(RepositoryLayout.GatewayProject, ".data", "outbox");

    /// <summary>The newest message to <paramref name="address"/> with this subject written since <paramref name="since"/> (the worker polls every few seconds).</summary>
    public static async Task<MimeMessage> WaitForAsync(string address, string subject, DateTime since, CancellationToken ct)
    {
        for (var i = 0; i < 120; i++)
        {
            if (Directory.Exists(Folder))
            {
                foreach (var file in new DirectoryInfo(Folder).GetFiles("*.eml").Where(f => f.LastWriteTimeUtc >= since).OrderByDescending(f => f.LastWriteTimeUtc))
                {
                    var message = await MimeMessage.LoadAsync(file.FullName, ct);
                    if (message.To.Mailboxes.Any(m => m.Address == address) && (message.Subject ?? "").Contains(subject, StringComparison.Ordinal))
                    {
                        return message;
                    }
                }
            }
            await Task.Delay(250, ct);
        }
        throw new AssertionException($"No message \"{subject}\" to {address} in {Folder}.");
    }

    /// <summary>The set-password link in a message's text.</summary>
    public static string Link(MimeMessage message)
    {
        var match = LinkPattern().Match(message.TextBody ?? "");
        Assert.That(match.Success, Is.True, "the message carries a set-password link");
        return match.Value;
    }

    [GeneratedRegex(@"https?://\S+/portal/password/set\?token=\S+")]
    private static partial Regex LinkPattern();
}
