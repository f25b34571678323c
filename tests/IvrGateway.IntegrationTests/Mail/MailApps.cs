using IvrGateway.Mail.Outbox;
using IvrGateway.Organizers;
using IvrGateway.Organizers.Passwords;
using IvrGateway.Portal.Account;
using Microsoft.Extensions.DependencyInjection;
using IvrGateway.Testing.Mail;

namespace IvrGateway.IntegrationTests.Mail;

/// <summary>Gateways that mail through a test SMTP server, and the outbox's parts the tests drive.</summary>
internal static class MailApps
{
    /// <summary>
    /// A gateway sending to <paramref name="smtp"/>. Its worker polls only once an hour of the test clock, so
    /// a test decides when a node sends (<see cref="DispatchAsync"/>); the worker test moves the clock instead.
    /// </summary>
    /// <param name="welcomeMail">
    /// Whether a new organizer is mailed the welcome with the set-password link. The invitation and outbox tests count every
    /// message they cause and open accounts to do it, so they leave it out; the account tests keep it.
    /// </param>
    public static IvrApplication Create(SmtpTestServer smtp, Dictionary<string, string?>? overrides = null, string? keyPrefix = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null, bool welcomeMail = false)
    {
        var settings = smtp.GatewaySettings();
        settings["Mail:Outbox:PollSeconds"] = "3600";
        settings["Mail:Outbox:LeaseSeconds"] = "60";
        settings["Mail:Outbox:FirstRetrySeconds"] = "60";
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }
        return new IvrApplication(settings, collection =>
        {
            if (!welcomeMail)
            {
                collection.AddSingleton<IAccountMail, WithoutWelcome>();
            }
            services?.Invoke(collection);
        }, keyPrefix: keyPrefix);
    }

    /// <summary>The account mail, less the welcome of a new organizer.</summary>
    private sealed class WithoutWelcome(AccountMail mail) : IAccountMail
    {
        public Task PasswordLinkAsync(Organizer organizer, string linkDigest, PasswordLinkPurpose purpose, DateTimeOffset now, CancellationToken ct) =>
            purpose == PasswordLinkPurpose.Welcome ? Task.CompletedTask : mail.PasswordLinkAsync(organizer, linkDigest, purpose, now, ct);
    }

    public static OutboxStore Outbox(this IvrApplication app) => app.Service<OutboxStore>();

    public static Task<int> DispatchAsync(this IvrApplication app) => app.Service<OutboxDispatcher>().DispatchDueAsync();

    public static Task<EnqueueResult> EnqueueTestAsync(this IvrApplication app, string to, string? key = null) =>
        app.Outbox().EnqueueAsync(new MailRequest("test", key ?? "test:" + Guid.NewGuid().ToString("N"), to, null, "{}"), app.Time.GetUtcNow());

    public static async Task<OutboxRecord> RecordAsync(this IvrApplication app, string id) =>
        await app.Outbox().FindAsync(id) ?? throw new AssertionException($"No outbox message {id}.");
}
