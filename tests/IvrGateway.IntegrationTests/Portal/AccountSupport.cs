using System.Net;
using System.Text.RegularExpressions;
using IvrGateway.IntegrationTests.Mail;
using IvrGateway.Testing.Mail;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace IvrGateway.IntegrationTests.Portal;

/// <summary>What the account tests share: many client addresses, the account mail as it arrives, the link in a message.</summary>
internal static partial class AccountSupport
{
    public const string ClientHeader = "X-Test-Client-Address";

    /// <summary>Each request says which address it comes from, as a trusted proxy would.</summary>
    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (IPAddress.TryParse(http.Request.Headers[ClientHeader].ToString(), out var address))
                {
                    http.Connection.RemoteIpAddress = address;
                }
                return nextMiddleware(http);
            });
            next(app);
        };
    }

    public static void ClientAddresses(IServiceCollection services) => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>();

    /// <summary>A gateway mailing to <paramref name="smtp"/> whose requests may name their client address.</summary>
    public static IvrApplication MailingApp(SmtpTestServer smtp, Dictionary<string, string?>? overrides = null) =>
        MailApps.Create(smtp, overrides, services: ClientAddresses, welcomeMail: true);

    /// <summary>A browser without a session at <paramref name="address"/>.</summary>
    public static PortalClient From(IvrApplication app, string address)
    {
        var client = PortalClient.Anonymous(app);
        client.Http.DefaultRequestHeaders.Add(ClientHeader, address);
        return client;
    }

    public static async Task<(HttpResponseMessage Response, string Html)> SignInAsync(PortalClient client, string email, string password)
    {
        var response = await client.PostFormAsync("/portal/signin", new() { ["email"] = email, ["password"] = password });
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sends what is due until a message to <paramref name="address"/> whose subject contains <paramref name="subject"/> has arrived.</summary>
    public static async Task<MimeMessage> MailAsync(this IvrApplication app, SmtpTestServer smtp, string address, string subject)
    {
        for (var i = 0; i < 100; i++)
        {
            await app.DispatchAsync();
            var found = smtp.Messages.FirstOrDefault(m => m.To.Mailboxes.Any(b => b.Address == address) && (m.Subject ?? "").Contains(subject, StringComparison.Ordinal));
            if (found is not null)
            {
                return found;
            }
            await Task.Delay(100);
        }
        throw new AssertionException($"No message \"{subject}\" to {address}; the server holds: {string.Join(", ", smtp.Messages.Select(m => m.Subject))}");
    }

    public static IReadOnlyList<MimeMessage> MailTo(this SmtpTestServer smtp, string address, string subject) =>
        smtp.Messages.Where(m => m.To.Mailboxes.Any(b => b.Address == address) && (m.Subject ?? "").Contains(subject, StringComparison.Ordinal)).ToList();

    /// <summary>The set-password link a message carries (the path and query the portal answers).</summary>
    public static string Link(this MimeMessage message)
    {
        var match = LinkPattern().Match(message.TextBody ?? "");
        Assert.That(match.Success, Is.True, "the message carries a set-password link: " + message.TextBody);
        return new Uri(match.Value).PathAndQuery;
    }

    /// <summary>The text part with its line breaks as spaces (the text is wrapped for mail readers).</summary>
    public static string FlatText(this MimeMessage message) => WhiteSpace().Replace(message.TextBody ?? "", " ");

    public static string Token(string link) => Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);

    public static async Task<HttpResponseMessage> SetPasswordAsync(PortalClient client, string link, string password) =>
        await client.PostFormAsync(link, new() { ["token"] = Token(link), ["password"] = password, ["confirm"] = password });

    [GeneratedRegex(@"https?://\S+/portal/password/set\?token=\S+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
