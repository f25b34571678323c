using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Polly;
using Polly.Timeout;

namespace IvrGateway.Mail.Transport;

/// <summary>How the outbox reads a failed send: worth another try or not, and what to store and log about it.</summary>
public static class MailFailures
{
    /// <summary>
    /// A 5xx answer to a command (a rejected recipient, a message refused for good) will not change by
    /// waiting; everything else (no connection, a timeout, a 4xx "try later", a failed login that ops
    /// may fix) is tried again with back-off.
    /// </summary>
    public static bool IsPermanent(Exception e) => e is SmtpCommandException { StatusCode: >= (SmtpStatusCode)500 };

    /// <summary>
    /// The failure in words without secrets or addresses: types, SMTP status codes, socket error codes.
    /// Server replies are left out on purpose, because they may echo an address or a credential.
    /// </summary>
    public static string Describe(Exception e) => e switch
    {
        SmtpCommandException c => $"SMTP {(int)c.StatusCode} {c.StatusCode} ({c.ErrorCode})",
        SmtpProtocolException => "SMTP protocol error",
        AuthenticationException => "SMTP authentication failed (check Mail:Smtp:Username and Password)",
        SocketException s => $"No connection to the SMTP server ({s.SocketErrorCode})",
        TimeoutRejectedException or TimeoutException or OperationCanceledException => "The SMTP server did not answer in time",
        _ => e.GetType().Name,
    };

    /// <summary>What the quick retries inside one send handle: failures a second or two may cure.</summary>
    internal static readonly PredicateBuilder Transient = (PredicateBuilder)new PredicateBuilder()
        .Handle<SocketException>()
        .Handle<IOException>()
        .Handle<TimeoutRejectedException>()
        .Handle<ServiceNotConnectedException>()
        .Handle<SmtpProtocolException>()
        .Handle<SmtpCommandException>(e => !IsPermanent(e));
}
