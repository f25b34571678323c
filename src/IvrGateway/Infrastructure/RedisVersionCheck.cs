using System.Net;
using StackExchange.Redis;

namespace IvrGateway.Infrastructure;

/// <summary>
/// Refuses an older Redis than the scripts need (PEXPIRETIME, in the admission script, is Redis 7.0). At start-up
/// every server already connected is checked and an old one stops the start with a message naming the requirement;
/// a server reached only later (Redis was down at start, a node added to a cluster) stops the node the same way,
/// rather than let its scripts fail on every call.
/// </summary>
internal sealed partial class RedisVersionCheck(IConnectionMultiplexer connection, IHostApplicationLifetime lifetime, ILogger<RedisVersionCheck> logger)
    : IHostedService
{
    public static readonly Version Required = new(7, 0);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Problem(ConnectedServers()) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
        connection.ConnectionRestored += OnConnected;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        connection.ConnectionRestored -= OnConnected;
        return Task.CompletedTask;
    }

    /// <summary>Null when every server is Redis 7 or later; otherwise the sentence that names the first that is not.</summary>
    internal static string? Problem(IEnumerable<(EndPoint EndPoint, Version Version)> servers) =>
        servers.Where(s => s.Version < Required).Select(s =>
            $"Redis {s.Version} at {Format(s.EndPoint)} is too old: IvrGateway needs Redis {Required.Major}.0 or later (its scripts use PEXPIRETIME). "
            + "Upgrade Redis, or point ConnectionStrings:Redis at a Redis 7 server.").FirstOrDefault();

    private IEnumerable<(EndPoint, Version)> ConnectedServers() =>
        connection.GetServers().Where(s => s.IsConnected).Select(s => (s.EndPoint, s.Version));

    private void OnConnected(object? sender, ConnectionFailedEventArgs e)
    {
        if (Problem(ConnectedServers()) is { } problem)
        {
            Log.TooOld(logger, problem);
            lifetime.StopApplication();
        }
    }

    private static string Format(EndPoint endPoint) => endPoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => endPoint.ToString() ?? "?",
    };

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Critical, Message = "{Problem} Stopping.")]
        public static partial void TooOld(ILogger logger, string problem);
    }
}
