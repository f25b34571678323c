using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Security;
using IvrGateway.Mail;
using IvrGateway.Mail.Composition;
using IvrGateway.Mail.Outbox;
using IvrGateway.Organizers;
using IvrGateway.Organizers.Passwords;
using IvrGateway.Scheduling;
using Microsoft.Extensions.Options;
using MimeKit;

namespace IvrGateway.Portal.Account;

/// <summary>A password link's mail as queued: the organizer and the link's digest, never its token.</summary>
internal sealed record PasswordLinkPayload(string OrganizerId, string LinkDigest, PasswordLinkPurpose Purpose);

/// <summary>A security notice as queued: what happened to which account, and when.</summary>
internal sealed record SecurityNoticePayload(string OrganizerId, SecurityEventKind Kind, long At);

/// <summary>
/// The mail of organizer accounts, through the durable outbox: the welcome with the set-password link, the
/// forgotten-password link, and security notices (host PIN locked or its lock lifted, API key or host PIN rotated,
/// password changed or reset). Nothing secret is queued; the composers read the account (and the link in force) at send time.
/// </summary>
internal sealed class AccountMail(OutboxStore outbox) : IAccountMail, ISecurityEventObserver
{
    public const string PasswordLinkKind = "account-password-link";
    public const string SecurityNoticeKind = "account-security-notice";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>The events an organizer is told of by mail.</summary>
    internal static readonly IReadOnlySet<SecurityEventKind> Noticed = new HashSet<SecurityEventKind>
    {
        SecurityEventKind.HostPinLocked,
        SecurityEventKind.HostPinLockLifted,
        SecurityEventKind.ApiKeyRotated,
        SecurityEventKind.HostPinRotated,
        SecurityEventKind.PasswordChanged,
        SecurityEventKind.PasswordReset,
    };

    // One message per link: the digest names it.
    public Task PasswordLinkAsync(Organizer organizer, string linkDigest, PasswordLinkPurpose purpose, DateTimeOffset now, CancellationToken ct) =>
        outbox.EnqueueAsync(new MailRequest(PasswordLinkKind, $"password-link:{organizer.Id}:{linkDigest}", organizer.Email, organizer.Id,
            JsonSerializer.Serialize(new PasswordLinkPayload(organizer.Id, linkDigest, purpose), Json)), now, ct);

    // One message per event: the same event seen again (a repeated record, a second node) has the same key and is stored once.
    public async Task ObserveAsync(SecurityEventKind kind, DateTimeOffset at, string organizerId, CancellationToken ct)
    {
        if (!Noticed.Contains(kind))
        {
            return;
        }
        var atMs = at.ToUnixTimeMilliseconds();
        await outbox.EnqueueAsync(new MailRequest(SecurityNoticeKind,
            $"security-notice:{organizerId}:{SecurityEventLog.Name(kind)}:{atMs.ToString(CultureInfo.InvariantCulture)}", null, organizerId,
            JsonSerializer.Serialize(new SecurityNoticePayload(organizerId, kind, atMs), Json)), at, ct);
    }
}

/// <summary>The welcome and forgotten-password messages: the link, printed only while it is the link in force.</summary>
internal sealed class PasswordLinkComposer(OrganizerStore organizers, OrganizerPasswords passwords, IOptions<SchedulingOptions> scheduling) : IMailComposer
{
    public string Kind => AccountMail.PasswordLinkKind;

    public async Task<Composition> ComposeAsync(OutboxRecord message, CancellationToken ct)
    {
        var payload = JsonSerializer.Deserialize<PasswordLinkPayload>(message.Payload, AccountMail.Json)!;
        var organizer = await organizers.GetAsync(payload.OrganizerId, ct);
        if (organizer is null)
        {
            return Composition.NotYet; // a new account's welcome is enqueued before its profile is written
        }
        if (organizer.IsDisabled)
        {
            return Composition.Gone;
        }
        if (await passwords.LinkForMailAsync(organizer.Id, payload.LinkDigest, ct) is not { } link)
        {
            // Not stored yet, or used, replaced by a newer link or expired (a dead link is not worth a message): the
            // stored link does not say which, so this one is looked at again until the outbox's wait ends.
            return Composition.NotYet;
        }
        var portal = scheduling.Value.PublicBaseUrl.TrimEnd('/') + PortalSession.PathPrefix;
        var welcome = payload.Purpose == PasswordLinkPurpose.Welcome;
        var lifetime = LifetimeText(welcome ? OrganizerPasswords.NewAccountLinkLifetime : passwords.ResetLinkLifetime);
        var lines = welcome
            ? new[]
            {
                $"Hello {organizer.Name},",
                "An IvrGateway organizer account was opened for you. Choose your password to sign in to the portal, where you schedule conferences, see today's calls and start them.",
                $"The link works once, for {lifetime}. If it has expired, use 'Forgot your password?' on the sign-in page.",
            }
            : new[]
            {
                $"Hello {organizer.Name},",
                "Someone (we hope you) asked to reset the password of your IvrGateway organizer account. Choose a new password with this link; it also unlocks the account if too many wrong passwords locked it.",
                $"The link works once, for {lifetime}. If you did not ask for it, ignore this message: your password stays as it is.",
            };
        var action = welcome ? "Set your password" : "Choose a new password";
        return AccountMessages.Build(welcome ? "Welcome to IvrGateway: set your password" : "Reset your IvrGateway password",
            organizer, lines, (action, link), portal);
    }

    internal static string LifetimeText(TimeSpan lifetime) => lifetime switch
    {
        { TotalDays: >= 2 } when lifetime.TotalHours % 24 == 0 => $"{lifetime.TotalDays:0} days",
        { TotalHours: 1 } => "1 hour",
        _ when lifetime.TotalMinutes % 60 == 0 => $"{lifetime.TotalHours:0} hours",
        _ => $"{lifetime.TotalMinutes:0} minutes",
    };
}

/// <summary>A security notice: what happened to the account and when, what to do if it was not the organizer; never a secret.</summary>
internal sealed class SecurityNoticeComposer(OrganizerStore organizers, IOptions<SchedulingOptions> scheduling) : IMailComposer
{
    public string Kind => AccountMail.SecurityNoticeKind;

    public async Task<Composition> ComposeAsync(OutboxRecord message, CancellationToken ct)
    {
        var payload = JsonSerializer.Deserialize<SecurityNoticePayload>(message.Payload, AccountMail.Json)!;
        if (await organizers.GetAsync(payload.OrganizerId, ct) is not { IsDisabled: false } organizer)
        {
            return Composition.Gone; // notices are about accounts that exist already
        }
        var zone = TimeZones.FindIana(organizer.TimeZone) ?? TimeZoneInfo.Utc;
        var at = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(payload.At), zone);
        var when = at.ToString("dddd d MMMM yyyy 'at' HH:mm", CultureInfo.InvariantCulture) + " (" + organizer.TimeZone + ")";
        var (subject, what, advice) = payload.Kind switch
        {
            SecurityEventKind.HostPinLocked => ("Security notice: host PIN entry locked",
                "Too many wrong host PINs were entered for your meetings, so host PIN entry is locked for a while.",
                "If that was not you, someone may be guessing your host PIN: rotate it in Settings > Profile. You can lift the lock there too."),
            SecurityEventKind.HostPinLockLifted => ("Security notice: host PIN lock lifted",
                "The lock on your host PIN entry was lifted; the host PIN works again.",
                "If you did not ask for this, tell your administrator."),
            SecurityEventKind.ApiKeyRotated => ("Security notice: API key replaced",
                "A new API key was issued for your account; the old key no longer works.",
                "If that was not you, sign in to the portal, change your password and rotate the key again in Settings > Profile."),
            SecurityEventKind.HostPinRotated => ("Security notice: host PIN changed",
                "Your host PIN was changed; the old PIN no longer works in any meeting.",
                "If that was not you, sign in to the portal, change your password and rotate the host PIN again in Settings > Profile."),
            SecurityEventKind.PasswordChanged => ("Security notice: password changed",
                "The password of your portal account was changed. Other signed-in sessions were signed out.",
                "If that was not you, use 'Forgot your password?' on the sign-in page to choose a new one at once."),
            SecurityEventKind.PasswordReset => ("Security notice: password reset",
                "The password of your portal account was reset through an emailed link. Other signed-in sessions were signed out.",
                "If that was not you, use 'Forgot your password?' on the sign-in page to choose a new one at once, and check who can read your mail."),
            _ => (null, null, null),
        };
        if (subject is null)
        {
            return Composition.Gone;
        }
        var portal = scheduling.Value.PublicBaseUrl.TrimEnd('/') + PortalSession.PathPrefix;
        return AccountMessages.Build(subject, organizer, [$"Hello {organizer.Name},", what!, $"When: {when}.", advice!], null, portal);
    }
}

/// <summary>The shape every account message shares: plain text and HTML with the same lines, one action link at most.</summary>
internal static class AccountMessages
{
    public static MimeMessage Build(string subject, Organizer organizer, IReadOnlyList<string> lines, (string Label, string Url)? action, string portal)
    {
        var text = new StringBuilder();
        var html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2933\">");
        foreach (var line in lines)
        {
            text.Append(Wrap(line)).Append("\n\n");
            html.Append("<p>").Append(WebUtility.HtmlEncode(line)).Append("</p>");
        }
        if (action is var (label, url))
        {
            text.Append(label).Append(":\n").Append(url).Append("\n\n");
            html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(url)).Append("\" style=\"display: inline-block; padding: 0.6em 1.2em; background: #1d4ed8; color: #fff; text-decoration: none; border-radius: 4px\">")
                .Append(WebUtility.HtmlEncode(label)).Append("</a></p>");
        }
        text.Append("IvrGateway portal: ").Append(portal).Append('\n');
        html.Append("<p style=\"color: #52606d; font-size: 0.9em\">IvrGateway portal: <a href=\"").Append(WebUtility.HtmlEncode(portal)).Append("\">")
            .Append(WebUtility.HtmlEncode(portal)).Append("</a></p></body></html>");
        var body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = html.ToString() };
        var mime = new MimeMessage { Subject = subject, Body = body.ToMessageBody() };
        mime.To.Add(new MailboxAddress(organizer.Name, organizer.Email));
        return mime;
    }

    // Plain-text mail reads best in lines of about 72 characters; links stay whole on lines of their own.
    private static string Wrap(string line, int width = 72)
    {
        var wrapped = new StringBuilder();
        var length = 0;
        foreach (var word in line.Split(' '))
        {
            if (length > 0 && length + 1 + word.Length > width)
            {
                wrapped.Append('\n');
                length = 0;
            }
            else if (length > 0)
            {
                wrapped.Append(' ');
                length++;
            }
            wrapped.Append(word);
            length += word.Length;
        }
        return wrapped.ToString();
    }
}

/// <summary>Registers the account mail: the outbox side of <see cref="IAccountMail"/>, the notice observer and the two composers.</summary>
internal static class AccountMailRegistration
{
    public static IServiceCollection AddAccountMail(this IServiceCollection services)
    {
        services.AddSingleton<AccountMail>();
        services.AddSingleton<IAccountMail>(sp => sp.GetRequiredService<AccountMail>());
        services.AddSingleton<ISecurityEventObserver>(sp => sp.GetRequiredService<AccountMail>());
        services.AddMailComposer<PasswordLinkComposer>();
        services.AddMailComposer<SecurityNoticeComposer>();
        return services;
    }
}
