using Microsoft.Extensions.Options;
using MimeKit;

namespace IvrGateway.Mail;

/// <summary>
/// The <c>Mail</c> section. With no <c>Mail:Smtp:Host</c> (the run command's default) messages are
/// written as <c>.eml</c> files to <see cref="OutboxDirectory"/> instead of being sent.
/// </summary>
public sealed class MailOptions
{
    public const string SectionName = "Mail";

    /// <summary>The sender of every message, <c>IvrGateway &lt;meetings@example.com&gt;</c> or a bare address.</summary>
    public string From { get; set; } = "IvrGateway <no-reply@localhost>";

    /// <summary>Where messages go when no SMTP host is configured; relative to the working directory.</summary>
    public string OutboxDirectory { get; set; } = ".data/outbox";

    public SmtpOptions Smtp { get; set; } = new();

    public OutboxOptions Outbox { get; set; } = new();

    /// <summary>
    /// <c>Mail:Reminders</c>: how long before a meeting's start each reminder goes out (<c>1.00:00:00</c>, <c>00:15:00</c>).
    /// Unset: 24 hours and 15 minutes (the moment the code opens).
    /// </summary>
    public List<TimeSpan>? Reminders { get; set; }

    internal static readonly IReadOnlyList<TimeSpan> DefaultReminders = [TimeSpan.FromHours(24), TimeSpan.FromMinutes(15)];

    /// <summary>The reminder offsets in force, each once.</summary>
    public IReadOnlyList<TimeSpan> ReminderOffsets => Reminders is null ? DefaultReminders : Reminders.Distinct().ToList();

    internal bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);

    internal MailboxAddress Sender => MailboxAddress.Parse(From);
}

/// <summary><c>Mail:Smtp</c>: the relay MailKit hands messages to.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? Username { get; set; }

    /// <summary>Never logged, never in an exception message or a stored error.</summary>
    public string? Password { get; set; }

    /// <summary>Upgrade the connection with STARTTLS (required when true). Port 465 always uses TLS from the first byte.</summary>
    public bool StartTls { get; set; } = true;

    /// <summary>One attempt at one message: connect, authenticate, send.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Quick retries inside one send (exponential, from one second) before the outbox's own back-off takes over.</summary>
    public int Retries { get; set; } = 2;
}

/// <summary><c>Mail:Outbox</c>: how the worker claims, retries and gives up.</summary>
public sealed class OutboxOptions
{
    /// <summary>How often every node looks for due messages.</summary>
    public int PollSeconds { get; set; } = 5;

    /// <summary>How long a claim holds a message; a node that dies mid-send loses its claim after this and another node sends it.</summary>
    public int LeaseSeconds { get; set; } = 300;

    /// <summary>Messages one node sends per poll at most (one claim each).</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>Tries before a message is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed try; it doubles with every try, up to <see cref="MaxRetryMinutes"/>.</summary>
    public int FirstRetrySeconds { get; set; } = 60;

    public int MaxRetryMinutes { get; set; } = 60;

    /// <summary>A sent (or dropped) message, and so its idempotency key, is kept this long.</summary>
    public int SentRetentionDays { get; set; } = 30;

    /// <summary>
    /// How long after it was enqueued a message whose composer finds nothing to send is looked at again rather than
    /// dropped. Features enqueue before they write the subject (outbox-first), so a node that polls between the two sees
    /// a meeting not yet stored, or not yet at the version the message was written for.
    /// </summary>
    public int SubjectWaitSeconds { get; set; } = 60;

    internal TimeSpan SubjectWait => TimeSpan.FromSeconds(SubjectWaitSeconds);

    internal TimeSpan Poll => TimeSpan.FromSeconds(PollSeconds);

    internal TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    /// <summary>The wait after try <paramref name="attempt"/> (1-based) failed.</summary>
    internal TimeSpan RetryDelay(int attempt)
    {
        var seconds = FirstRetrySeconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxRetryMinutes * 60.0));
    }
}

internal sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions o)
    {
        var failures = new List<string>();
        if (!MailboxAddress.TryParse(o.From, out var from) || string.IsNullOrEmpty(from.Domain))
        {
            failures.Add("Mail:From must be an e-mail address such as \"IvrGateway <meetings@example.com>\".");
        }
        if (string.IsNullOrWhiteSpace(o.OutboxDirectory))
        {
            failures.Add("Mail:OutboxDirectory must name a folder (default .data/outbox).");
        }
        var smtp = o.Smtp;
        if (o.UsesSmtp)
        {
            if (Uri.CheckHostName(smtp.Host) == UriHostNameType.Unknown)
            {
                failures.Add("Mail:Smtp:Host must be a host name or an IP address.");
            }
            if (smtp.Port is < 1 or > 65535)
            {
                failures.Add("Mail:Smtp:Port must be between 1 and 65535.");
            }
            if (string.IsNullOrEmpty(smtp.Username) != string.IsNullOrEmpty(smtp.Password))
            {
                failures.Add("Mail:Smtp:Username and Mail:Smtp:Password must be set together.");
            }
            // Credentials never cross the network in clear.
            if (!string.IsNullOrEmpty(smtp.Username) && !smtp.StartTls && smtp.Port != 465)
            {
                failures.Add("Mail:Smtp:StartTls must be true when Mail:Smtp:Username is set (or use port 465): the password would be sent in clear.");
            }
        }
        if (smtp.TimeoutSeconds is < 1 or > 300)
        {
            failures.Add("Mail:Smtp:TimeoutSeconds must be between 1 and 300.");
        }
        if (smtp.Retries is < 0 or > 5)
        {
            failures.Add("Mail:Smtp:Retries must be between 0 and 5.");
        }
        if (o.Reminders is { } reminders && reminders.Any(r => r <= TimeSpan.Zero || r > TimeSpan.FromDays(30)))
        {
            failures.Add("Mail:Reminders must list times before the start between 00:00:01 and 30.00:00:00, such as 1.00:00:00 and 00:15:00.");
        }
        var outbox = o.Outbox;
        if (outbox.PollSeconds is < 1 or > 3600)
        {
            failures.Add("Mail:Outbox:PollSeconds must be between 1 and 3600.");
        }
        // A claim must outlive the longest send, or a slow send would be claimed and sent again by another node.
        var longestSend = (smtp.Retries + 1) * smtp.TimeoutSeconds + (1 << (smtp.Retries + 1));
        if (outbox.LeaseSeconds <= longestSend || outbox.LeaseSeconds > 86400)
        {
            failures.Add($"Mail:Outbox:LeaseSeconds must be more than the longest send ({longestSend} s: Mail:Smtp:TimeoutSeconds times Mail:Smtp:Retries + 1, plus the waits) and at most 86400.");
        }
        if (outbox.BatchSize is < 1 or > 1000)
        {
            failures.Add("Mail:Outbox:BatchSize must be between 1 and 1000.");
        }
        if (outbox.MaxAttempts is < 1 or > 50)
        {
            failures.Add("Mail:Outbox:MaxAttempts must be between 1 and 50.");
        }
        if (outbox.FirstRetrySeconds is < 1 or > 86400)
        {
            failures.Add("Mail:Outbox:FirstRetrySeconds must be between 1 and 86400.");
        }
        if (outbox.MaxRetryMinutes < 1 || outbox.MaxRetryMinutes * 60 < outbox.FirstRetrySeconds || outbox.MaxRetryMinutes > 10080)
        {
            failures.Add("Mail:Outbox:MaxRetryMinutes must be at least Mail:Outbox:FirstRetrySeconds and at most 10080.");
        }
        if (outbox.SentRetentionDays is < 1 or > 3650)
        {
            failures.Add("Mail:Outbox:SentRetentionDays must be between 1 and 3650.");
        }
        if (outbox.SubjectWaitSeconds is < 1 or > 3600)
        {
            failures.Add("Mail:Outbox:SubjectWaitSeconds must be between 1 and 3600.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
