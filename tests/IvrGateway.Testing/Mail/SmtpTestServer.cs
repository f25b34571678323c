using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace IvrGateway.Testing.Mail;

/// <summary>
/// A real SMTP server in the test process (the SmtpServer package) on a loopback port, keeping every
/// message it accepts parsed back with MimeKit. It can be stopped and started again on the same port
/// ("the relay is down for a while") and told to refuse messages for good (a 550 answer).
/// </summary>
public sealed class SmtpTestServer : IDisposable
{
    private readonly ConcurrentQueue<MimeMessage> received = new();
    private CancellationTokenSource? running;
    private Task? serving;

    private SmtpTestServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>When set, every message is answered with this instead of being accepted.</summary>
    public SmtpResponse? Refusal { get; set; }

    public IReadOnlyList<MimeMessage> Messages => received.ToArray();

    private TaskCompletionSource? gate;
    private readonly TaskCompletionSource holding = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>From now on a message's data is held after it arrived and before the server answers, until <see cref="Release"/>.</summary>
    public void Hold() => gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a sender is waiting for the answer to a held message: it is mid-send.</summary>
    public Task Holding => holding.Task;

    /// <summary>Held messages are kept and answered (a sender that died meanwhile never reads the answer).</summary>
    public void Release() => Interlocked.Exchange(ref gate, null)?.TrySetResult();

    /// <summary>The settings that point the gateway at this server (no TLS, no login, short timeouts).</summary>
    public Dictionary<string, string?> GatewaySettings() => new()
    {
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Smtp:StartTls"] = "false",
        ["Mail:Smtp:TimeoutSeconds"] = "5",
        ["Mail:Smtp:Retries"] = "0",
        ["Mail:From"] = "IvrGateway <meetings@gateway.example.com>",
    };

    public static SmtpTestServer Start()
    {
        var server = new SmtpTestServer(FreePort.Next());
        server.Launch();
        return server;
    }

    /// <summary>Starts listening (again) on the same port and returns once a client can connect.</summary>
    public void Launch()
    {
        if (serving is not null)
        {
            return;
        }
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new KeepingStore(this));
        running = new CancellationTokenSource();
        serving = new SmtpServer.SmtpServer(options, services).StartAsync(running.Token);
        // Up to about ten seconds (two were allowed before): on a loaded machine the listener can take a while to open.
        for (var i = 0; i < 500; i++)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
            }
        }
        throw new InvalidOperationException($"The SMTP test server did not start listening on port {Port}.");
    }

    /// <summary>Stops listening: connections are refused until <see cref="Launch"/>.</summary>
    public void Stop()
    {
        if (serving is null)
        {
            return;
        }
        running!.Cancel();
        try
        {
            serving.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException))
        {
        }
        running.Dispose();
        serving = null;
    }

    /// <summary>Waits (real time) until at least <paramref name="count"/> messages arrived, then answers all of them.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = timeout ?? TimeSpan.FromSeconds(15);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (received.Count < count && waited.Elapsed < deadline)
        {
            await Task.Delay(25);
        }
        Assert.That(received, Has.Count.GreaterThanOrEqualTo(count), $"Expected {count} messages at the SMTP server.");
        return Messages;
    }

    public void Dispose() => Stop();

    private sealed class KeepingStore(SmtpTestServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (owner.Refusal is { } refusal)
            {
                return refusal;
            }
            if (owner.gate is { } held)
            {
                owner.holding.TrySetResult();
                await held.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            }
            using var stream = new MemoryStream(buffer.ToArray());
            owner.received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
