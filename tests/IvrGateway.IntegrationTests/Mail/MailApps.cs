using IvrGateway.Mail.Outbox;
using IvrGateway.Testing.Mail;

namespace IvrGateway.IntegrationTests.Mail;

/// <summary>Gateways that mail through a test SMTP server, and the outbox's parts the tests drive.</summary>
internal static class MailApps
{
    /// <summary>
    /// A gateway sending to <paramref name="smtp"/>. Its worker polls only once an hour of the test clock, so
    /// a test decides when a node sends (<see cref="DispatchAsync"/>); the worker test moves the clock instead.
    /// </summary>
    public static IvrApplication Create(SmtpTestServer smtp, Dictionary<string, string?>? overrides = null, string? keyPrefix = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var settings = smtp.GatewaySettings();
        settings["Mail:Outbox:PollSeconds"] = "3600";
        settings["Mail:Outbox:LeaseSeconds"] = "60";
        settings["Mail:Outbox:FirstRetrySeconds"] = "60";
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }
        return new IvrApplication(settings, services, keyPrefix: keyPrefix);
    }

    public static OutboxStore Outbox(this IvrApplication app) => app.Service<OutboxStore>();

    public static Task<int> DispatchAsync(this IvrApplication app) => app.Service<OutboxDispatcher>().DispatchDueAsync();

    public static Task<EnqueueResult> EnqueueTestAsync(this IvrApplication app, string to, string? key = null) =>
        app.Outbox().EnqueueAsync(new MailRequest("test", key ?? "test:" + Guid.NewGuid().ToString("N"), to, null, "{}"), app.Time.GetUtcNow());

    public static async Task<OutboxRecord> RecordAsync(this IvrApplication app, string id) =>
        await app.Outbox().FindAsync(id) ?? throw new AssertionException($"No outbox message {id}.");
}
