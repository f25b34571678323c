namespace IvrGateway.Testing.Redis;

/// <summary>
/// The Redis a test run shares: a private <c>redis-server</c> (<see cref="RedisServer"/>), or, when the environment
/// variable <see cref="Variable"/> says <c>cluster:host:port,host:port,...</c>, the Redis Cluster the test command
/// started, so the same suites run against a cluster's slots.
/// </summary>
public sealed class SharedRedis : IDisposable
{
    /// <summary>Set by the test command (scripts/test.sh) for its cluster run.</summary>
    public const string Variable = "IVR_TEST_REDIS";

    private const string ClusterScheme = "cluster:";

    private readonly RedisServer? server;

    private SharedRedis(RedisServer? server, string connectionString, bool isCluster)
    {
        this.server = server;
        ConnectionString = connectionString;
        IsCluster = isCluster;
    }

    /// <summary>A StackExchange.Redis connection string: one endpoint, or every cluster node.</summary>
    public string ConnectionString { get; }

    /// <summary>True on a Redis Cluster: a key listing must ask every primary.</summary>
    public bool IsCluster { get; }

    /// <summary>The cluster the environment names, or a private server started now.</summary>
    public static SharedRedis Start()
    {
        var setting = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(setting))
        {
            var started = RedisServer.Start();
            return new SharedRedis(started, started.ConnectionString, isCluster: false);
        }
        var nodes = setting.StartsWith(ClusterScheme, StringComparison.Ordinal)
            ? setting[ClusterScheme.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        if (nodes.Length == 0)
        {
            throw new InvalidOperationException($"{Variable} must be cluster:host:port,host:port,... (the nodes of a Redis Cluster), or unset for a private redis-server.");
        }
        return new SharedRedis(server: null, string.Join(',', nodes), isCluster: true);
    }

    /// <summary>Stops the private server; a cluster belongs to the test command, which stops it.</summary>
    public void Dispose() => server?.Dispose();
}
