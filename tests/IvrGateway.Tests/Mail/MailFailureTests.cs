using System.Net.Sockets;
using IvrGateway.Mail;
using IvrGateway.Mail.Transport;
using MailKit.Net.Smtp;

namespace IvrGateway.Tests.Mail;

/// <summary>Which failed sends are worth another try, what is stored about them, and how long the outbox waits.</summary>
public sealed class MailFailureTests
{
    private static SmtpCommandException Refused(SmtpStatusCode code) =>
        new(SmtpErrorCode.RecipientNotAccepted, code, "5.1.1 <ada@example.com>: user unknown, password hunter2 rejected");

    [Test]
    public void A_5xx_answer_is_permanent_and_a_4xx_or_a_lost_connection_is_not()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MailFailures.IsPermanent(Refused(SmtpStatusCode.MailboxUnavailable)), Is.True);
            Assert.That(MailFailures.IsPermanent(Refused(SmtpStatusCode.MailboxBusy)), Is.False);
            Assert.That(MailFailures.IsPermanent(new SocketException((int)SocketError.ConnectionRefused)), Is.False);
        });
    }

    [Test]
    public void The_stored_error_names_codes_and_never_quotes_the_server()
    {
        var described = MailFailures.Describe(Refused(SmtpStatusCode.MailboxUnavailable));

        Assert.That(described, Is.EqualTo("SMTP 550 MailboxUnavailable (RecipientNotAccepted)"));
        Assert.That(MailFailures.Describe(new SocketException((int)SocketError.ConnectionRefused)), Is.EqualTo("No connection to the SMTP server (ConnectionRefused)"));
    }

    [Test]
    public void The_wait_after_a_failed_try_doubles_up_to_its_cap()
    {
        var outbox = new OutboxOptions { FirstRetrySeconds = 60, MaxRetryMinutes = 60 };

        Assert.That(Enumerable.Range(1, 8).Select(outbox.RetryDelay).Select(d => d.TotalMinutes), Is.EqualTo(new double[] { 1, 2, 4, 8, 16, 32, 60, 60 }));
    }
}
