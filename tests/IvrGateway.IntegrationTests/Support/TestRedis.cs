using StackExchange.Redis;

namespace IvrGateway.IntegrationTests.Support;

/// <summary>
/// One Redis for the whole test run (a private server, or the test command's Redis Cluster: <see cref="SharedRedis"/>);
/// every test application uses its own key prefix on it.
/// </summary>
public static class TestRedis
{
    private static SharedRedis? redis;
    private static ConnectionMultiplexer? connection;

    public static SharedRedis Server => redis ?? throw new InvalidOperationException("The test Redis is not running.");

    /// <summary>A connection for tests to look at what the gateway stored.</summary>
    public static IDatabase Database => (connection ?? throw new InvalidOperationException("The test Redis is not running.")).GetDatabase();

    public static void StartRedis()
    {
        redis = SharedRedis.Start();
        connection = ConnectionMultiplexer.Connect(redis.ConnectionString + ",allowAdmin=true");
    }

    public static void StopRedis()
    {
        connection?.Dispose();
        redis?.Dispose();
    }

    /// <summary>Every primary: one server, or each primary of the cluster (a key lives on exactly one of them).</summary>
    public static IEnumerable<IServer> Primaries =>
        connection!.GetServers().Where(s => s.IsConnected && !s.IsReplica);

    /// <summary>The keys matching a pattern, asked of every primary (SCAN, never KEYS).</summary>
    public static IEnumerable<RedisKey> Keys(string pattern) =>
        Primaries.SelectMany(s => s.Keys(pattern: pattern, pageSize: 1000));

    /// <summary>Every key under a prefix, with its value type, to show that a refused request changed nothing.</summary>
    public static SortedDictionary<string, string> Snapshot(string prefix)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in Keys(prefix + ":*"))
        {
            result[key.ToString()] = Dump(key);
        }
        return result;
    }

    private static string Dump(RedisKey key) => Database.KeyType(key) switch
    {
        RedisType.String => Database.StringGet(key).ToString(),
        RedisType.Hash => string.Join(";", Database.HashGetAll(key).OrderBy(e => e.Name.ToString(), StringComparer.Ordinal).Select(e => $"{e.Name}={e.Value}")),
        RedisType.SortedSet => string.Join(";", Database.SortedSetRangeByRankWithScores(key).Select(e => $"{e.Element}={e.Score}")),
        RedisType.Stream => Database.StreamLength(key).ToString(System.Globalization.CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };
}
