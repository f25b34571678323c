using IvrGateway.Testing.Mail;
using Microsoft.Extensions.Options;

namespace IvrGateway.IntegrationTests.Mail;

/// <summary>Mail settings are checked at start, naming the key; the SMTP password is never written anywhere.</summary>
public sealed class MailOptionsTests
{
    private static string StartupFailure(Dictionary<string, string?> settings)
    {
        using var app = new IvrApplication(settings);
        var error = Assert.Catch(() => app.CreateClient());
        var messages = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
            if (e is OptionsValidationException validation)
            {
                messages.AddRange(validation.Failures);
            }
        }
        return string.Join("\n", messages);
    }

    [TestCase("Mail:From", "not an address", "Mail:From")]
    [TestCase("Mail:Smtp:Port", "70000", "Mail:Smtp:Port")]
    [TestCase("Mail:Outbox:MaxAttempts", "0", "Mail:Outbox:MaxAttempts")]
    [TestCase("Mail:Outbox:LeaseSeconds", "10", "Mail:Outbox:LeaseSeconds")]
    [TestCase("Mail:Outbox:PollSeconds", "0", "Mail:Outbox:PollSeconds")]
    [TestCase("Mail:Reminders:0", "-00:15:00", "Mail:Reminders")]
    [TestCase("Mail:Outbox:SubjectWaitSeconds", "0", "Mail:Outbox:SubjectWaitSeconds")]
    public void A_bad_mail_setting_stops_the_start_naming_its_key(string key, string value, string named)
    {
        var message = StartupFailure(new() { ["Mail:Smtp:Host"] = "smtp.example.com", [key] = value });

        Assert.That(message, Does.Contain(named));
    }

    [Test]
    public void A_password_without_tls_stops_the_start()
    {
        var message = StartupFailure(new()
        {
            ["Mail:Smtp:Host"] = "smtp.example.com",
            ["Mail:Smtp:Username"] = "gateway",
            ["Mail:Smtp:Password"] = "pw-never-in-clear",
            ["Mail:Smtp:StartTls"] = "false",
        });

        Assert.That(message, Does.Contain("Mail:Smtp:StartTls"));
        Assert.That(message, Does.Not.Contain("pw-never-in-clear"));
    }

    [Test]
    public async Task The_smtp_password_is_in_no_log_line_and_no_stored_error_when_sending_fails()
    {
        using var smtp = SmtpTestServer.Start();
        var settings = smtp.GatewaySettings();
        settings["Mail:Smtp:Username"] = "gateway";
        settings["Mail:Smtp:Password"] = "smtp-password-0123456789";
        settings["Mail:Smtp:StartTls"] = "true"; // the test server offers no STARTTLS: every send fails
        settings["Mail:Outbox:PollSeconds"] = "3600";
        using var app = new IvrApplication(settings);
        smtp.Stop();
        var queued = await app.EnqueueTestAsync("ada@example.com");

        await app.DispatchAsync();
        smtp.Launch();
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await app.DispatchAsync();

        var record = await app.RecordAsync(queued.Id);
        Assert.Multiple(() =>
        {
            Assert.That(record.State, Is.EqualTo("pending"));
            Assert.That(record.Attempts, Is.EqualTo(2));
            Assert.That(record.LastError, Does.Not.Contain("smtp-password"));
            Assert.That(app.Logs.All, Does.Not.Contain("smtp-password"));
            Assert.That(app.Logs.All, Does.Contain(queued.Id));
            Assert.That(smtp.Messages, Is.Empty);
        });
    }
}
