using StackExchange.Redis;

namespace IvrGateway.IntegrationTests.Support;

/// <summary>One Redis for the whole test run; every test application uses its own key prefix on it.</summary>
public static class TestRedis
{
    private static RedisServer? server;
    private static ConnectionMultiplexer? connection;

    public static RedisServer Server => server ?? throw new InvalidOperationException("The test Redis is not running.");

    /// <summary>A connection for tests to look at what the gateway stored.</summary>
    public static IDatabase Database => (connection ?? throw new InvalidOperationException("The test Redis is not running.")).GetDatabase();

    public static IServer Admin => connection!.GetServer(connection.GetEndPoints()[0]);

    public static void StartRedis()
    {
        server = RedisServer.Start();
        connection = ConnectionMultiplexer.Connect(server.ConnectionString + ",allowAdmin=true");
    }

    public static void StopRedis()
    {
        connection?.Dispose();
        server?.Dispose();
    }

    /// <summary>Every key under a prefix, with its value type, to show that a refused request changed nothing.</summary>
    public static SortedDictionary<string, string> Snapshot(string prefix)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in Admin.Keys(pattern: prefix + ":*", pageSize: 1000))
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
